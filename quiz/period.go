package quiz

import (
	"regexp"
	"strings"
)

// hoursIn is the length of each unit of time a frequency or a period names, in hours: a
// month is a twelfth of a year of 365 days (730 hours), a quarter three months.
var hoursIn = map[string]int{"hour": 1, "day": 24, "week": 168, "fortnight": 336, "month": 730, "quarter": 2190, "year": 8760}

// frequencies are the frequency words and the period each names, in hours (hoursIn): "daily"
// is every day, "fortnightly" every two weeks, "biennial" every two years. "Biannual" and
// "biweekly", which are read both ways, are none.
var frequencies = map[string]int{"hourly": 1, "daily": 24, "diurnal": 24, "weekly": 168, "fortnightly": 336,
	"monthly": 730, "quarterly": 2190, "yearly": 8760, "annual": 8760, "annually": 8760,
	"biennial": 2 * 8760, "biennially": 2 * 8760, "triennial": 3 * 8760, "triennially": 3 * 8760,
	"quadrennial": 4 * 8760, "quadrennially": 4 * 8760, "quinquennial": 5 * 8760, "decennial": 10 * 8760}

// frequencyRe matches a frequency word with what multiplies it: "hourly", "four-hourly",
// "6-monthly", "half-yearly", "semi-annual".
var frequencyRe = regexp.MustCompile(`(?i)\b(?:([a-z]+|\d+)[-‐‑])?([a-z]+)\b`)

// periodRe matches a period: a number (digits or words, see numberValue) or "a", "an",
// "one", then a unit of hoursIn, singular or plural.
var periodRe = regexp.MustCompile(`(?i)^(?:every |each )?(\S+(?:[-‐‑ ](?:one|two|three|four|five|six|seven|eight|nine))?) ((?:consecutive |calendar )?(?:hour|day|week|fortnight|month|quarter|year)s?)$`)

// periodShown reports whether text names, by a frequency word, the period phrase is ("two
// weeks" by "Fortnightly inspections", "six months" by "Half-yearly audit", "four hours" by
// "Four-hourly watches", "one year" by "Annual report"), comparing lengths in hours
// (hoursIn). False when phrase is no period or text holds no frequency word.
func periodShown(text, phrase string) bool {
	m := periodRe.FindStringSubmatch(strings.TrimSpace(phrase))
	if m == nil {
		return false
	}
	n, ok := numberValue(m[1])
	if w := strings.ToLower(m[1]); w == "a" || w == "an" {
		n, ok = 1, true
	}
	if !ok {
		return false
	}
	want := n * hoursIn[unitKey(m[2])]
	for _, f := range frequencyRe.FindAllStringSubmatch(text, -1) {
		per, ok := frequencies[strings.ToLower(f[2])]
		if !ok {
			continue
		}
		switch by := strings.ToLower(f[1]); {
		case by == "half" || by == "semi":
			per /= 2
		case by != "":
			k, ok := numberValue(by)
			if !ok {
				continue // "bi-weekly", read both ways
			}
			per *= k
		}
		if per == want {
			return true
		}
	}
	return false
}
