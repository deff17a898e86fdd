package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// foreignStopwordLists are the Snowball stopword lists (Porter's Snowball project, as
// packaged by github.com/kljensen/snowball) of the languages a question may be written in
// other than English, by whatlanggo's language.
var foreignStopwordLists = map[whatlanggo.Lang]func(string) bool{
	whatlanggo.Fra: french.IsStopWord,
	whatlanggo.Spa: spanish.IsStopWord,
	whatlanggo.Swe: swedish.IsStopWord,
	whatlanggo.Nob: norwegian.IsStopWord,
	whatlanggo.Hun: hungarian.IsStopWord,
	whatlanggo.Rus: russian.IsStopWord,
}

// minForeignStopwords is how many of a question's words must be function words of the
// language it is detected in for that language's stopwords to be dropped: a short English
// question is sometimes detected as French ("joint staff powers limits"), but holds no French
// function word.
const minForeignStopwords = 2

// foreignStopword returns the stopword test of the language a question is written in, when
// that is not English: the language whatlanggo (trigram profiles) finds, confirmed by at
// least minForeignStopwords of the question's words being that language's function
// words and not English ones. It returns nil for an English question or a language without a
// list. Without it, "Comment faire un gâteau au chocolat ?" was answered from the French
// passage of The Art of War through "un" and "au", which the corpus's English texts never use.
func foreignStopword(question string, words []string) func(string) bool {
	counts := map[whatlanggo.Lang]int{}
	var best func(string) bool
	most := minForeignStopwords - 1
	for _, lang := range foreignLanguages {
		isStop := foreignStopwordLists[lang]
		for _, w := range words {
			if isStop(strings.ToLower(w)) && !stopwords[w] {
				counts[lang]++
			}
		}
		if counts[lang] > most {
			best, most = isStop, counts[lang]
		}
	}
	if best == nil {
		return nil // no language's function words, so no trigram detection (0.3 ms) either
	}
	info := whatlanggo.Detect(question)
	switch {
	case info.Lang == whatlanggo.Eng:
		return nil
	case counts[info.Lang] >= minForeignStopwords:
		return foreignStopwordLists[info.Lang]
	}
	// A short question's trigrams may point at a language close to its own ("Quelle heure
	// est-il ?" reads as Italian): the list that holds most of its words.
	return best
}

// foreignLanguages are the keys of foreignStopwordLists in a fixed order, so that a tie goes
// to the same language every time.
var foreignLanguages = []whatlanggo.Lang{whatlanggo.Fra, whatlanggo.Spa, whatlanggo.Swe, whatlanggo.Nob, whatlanggo.Hun, whatlanggo.Rus}

// refusalNotEnglish is retrieve's refusal of a question not written in English.
const refusalNotEnglish = "the question is not written in English"

// maxStopwordShareForeign is the largest share of a question's words that may be English
// stopwords for notEnglish to take it as written in another language: English questions are
// full of them ("what", "is", "the", "of"), and a language detector's reliable guess of
// another language for a short English question ("Who was Sun Tzu?") is overruled by them.
const maxStopwordShareForeign = 0.3

// maxKnownShareForeign bounds, likewise, the share of its words of minKnownRunes letters or
// more that are English stopwords or WordNet lemmas or forms of one: "joint staff powers limits",
// all English words, is English whatever the detector guesses.
const maxKnownShareForeign = 0.5

// minKnownRunes is the length from which a word with no digit counts for
// maxKnownShareForeign.
const minKnownRunes = 4

// notEnglish reports whether a question is written in another language: most of its letters
// are of a script other than Latin (Cyrillic, Han, Arabic, …); or the language detector
// (whatlanggo, a trigram model of 84 languages) reliably finds a language other than English,
// or that language's function words confirm it (see foreignStopword), or, in a question too
// short for either, it writes no English word and marks that English does not (see
// foreignMarks), and few of its words are English (see maxStopwordShareForeign,
// maxKnownShareForeign). "Qu'est-ce que le secteur
// de la sécurité ?" and "Was ist der Sicherheitssektor?" are not English; "securty sectr
// definiton" and "posse comitatus" are read as English.
func (x *Index) notEnglish(question string) bool {
	latin, other := 0, 0
	for _, r := range question {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	if other > latin {
		return true
	}
	words := wordTokens(strings.ToLower(question))
	if len(words) == 0 {
		return false
	}
	stop, long, known := 0, 0, 0
	for _, w := range words {
		if stopwords[w] {
			stop++
		}
		if utf8.RuneCountInString(w) >= minKnownRunes && !hasDigit(w) {
			// Short words of other languages are often English lemmas too ("est", "la").
			long++
			if stopwords[w] || x.isKnownWord(w) {
				known++
			}
		}
	}
	if long == 0 && hasDigit(question) {
		return false // a citation, "10 U.S.C. § 113(c)": numbers and initials, no language's words
	}
	if float64(stop) > maxStopwordShareForeign*float64(len(words)) || float64(known) > maxKnownShareForeign*float64(long) {
		return false // English enough, whatever a detector says; and no detection (0.3 ms) run
	}
	if foreignStopword(question, words) != nil {
		return true
	}
	if stop == 0 && known == 0 && long > 0 && foreignMarks(question) {
		// Too short for the detector ("¿Quién declara la guerra?", "Wer erklärt den
		// Krieg?", both guessed unreliably), with no English word of four letters or more
		// and the accents or inverted marks that English does not write.
		return true
	}
	info := whatlanggo.Detect(question)
	return info.IsReliable() && info.Lang != whatlanggo.Eng
}

// foreignMarks reports whether a text writes a mark that English does not: an inverted
// question or exclamation mark (Spanish), or a Latin letter with a diacritic ("é", "ä",
// "ñ", "ç"). Loanwords carry some ("café", "naïve"), so the mark only confirms a question
// that has no English word (see notEnglish).
func foreignMarks(text string) bool {
	for _, r := range text {
		if r == '¿' || r == '¡' || r > unicode.MaxASCII && unicode.Is(unicode.Latin, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
