package quiz

import (
	"regexp"
	"slices"
	"strings"
)

// An item shows one sentence of its passage on its own, so a sentence that leans on the text
// around it ("In practice, this means …", "The security sector is one such.", "Jan Yu
// replied: It has been acquired by study.") makes an item that reads oddly or cannot be
// judged. The rules here are general: words and phrases that point outside the sentence,
// never particular sentences.

// openers are words that, opening a sentence (or its main clause, see opensAlone), point
// back to what came before it: pronouns and demonstratives ("It", "This", "Such"),
// connectives ("But", "However", "So", "Moreover") and words that continue a sentence ("And",
// "Having", "To"). Any of them also keeps a phrase from being taken for a subject or a term.
var openers = map[string]bool{
	// pronouns and demonstratives
	"it": true, "its": true, "they": true, "them": true, "their": true, "he": true, "him": true, "his": true,
	"she": true, "her": true, "we": true, "us": true, "our": true, "you": true, "i": true, "this": true,
	"these": true, "that": true, "those": true, "such": true, "here": true, "what": true,
	// connectives
	"but": true, "and": true, "or": true, "nor": true, "so": true, "yet": true, "hence": true, "thus": true,
	"therefore": true, "still": true, "now": true, "then": true, "as": true, "because": true, "not": true,
	"however": true, "moreover": true, "furthermore": true, "further": true, "also": true, "besides": true,
	"instead": true, "indeed": true, "nevertheless": true, "nonetheless": true, "meanwhile": true,
	"likewise": true, "similarly": true, "consequently": true, "accordingly": true, "otherwise": true,
	"again": true, "finally": true, "conversely": true, "rather": true, "another": true, "even": true,
	"firstly": true, "secondly": true, "thirdly": true, "lastly": true, "whereupon": true,
	// words that continue a sentence
	"having": true, "to": true,
}

// openerPhrase matches a connective phrase, or a preposition with a demonstrative or a
// pronoun ("For this reason", "Of these", "By this time", "In such cases"), at the start of a
// sentence or of its main clause.
var openerPhrase = regexp.MustCompile(`(?i)^(?:(?:in addition|in other words|for example|for instance|on the other hand|at the same time|as a result|in fact|in short|of course|after all|even so|by contrast|in contrast|on the contrary|in turn|in any case|in the same way|in like manner|in the same manner|by the same token|for the same reason|in the (?:first|second|third|next|last) place|that is|all (?:two|three|four|five|six|seven|eight|nine|ten))\b|(?:in|of|for|to|on|at|by|with|from|under|after|before|like|unlike|despite|besides|beyond) (?:this|that|these|those|such|which|it|them|him|her)\b)`)

// lyIntro is an adverb set off by a comma opening a sentence ("Practically, …").
var lyIntro = regexp.MustCompile(`^[A-Z]\w+ly, `)

// romanStart is a Roman numeral opening a sentence: the tail of one cut after an abbreviation
// ("… chap. XI is entitled The Nine Grounds." read as "XI is entitled …").
var romanStart = regexp.MustCompile(`^[IVXLC]{2,} [a-z]`)

// opensAlone reports whether text does not open by pointing back: neither its first words
// (see openers and openerPhrase), nor the first words of its main clause after a short
// introductory phrase (introPhrase, or an adverb: "In practice, this means …"), nor those
// after a speech tag ("Jan Yu replied: It has been …": a colon within the first six words);
// and it is not the tail of a sentence (romanStart).
func opensAlone(text string) bool {
	if romanStart.MatchString(text) {
		return false
	}
	starts := []string{text}
	if m := introPhrase.FindString(text); m != "" {
		starts = append(starts, text[len(m):])
	} else if m := lyIntro.FindString(text); m != "" {
		starts = append(starts, text[len(m):])
	}
	words := strings.Fields(text)
	for i, w := range words[:min(len(words), 6)] {
		if i+1 < len(words) && strings.HasSuffix(w, ":") {
			starts = append(starts, strings.Join(words[i+1:], " "))
		}
	}
	for _, s := range starts {
		f := strings.Fields(s)
		if len(f) == 0 {
			continue
		}
		if openers[strings.ToLower(strings.Trim(f[0], ",;:"))] || openerPhrase.MatchString(s) {
			return false
		}
	}
	return true
}

// pointsOutside matches words that refer to something outside the sentence wherever they
// stand: "the latter", "the former", "the preceding", "the foregoing", "aforesaid", "the
// said", "last mentioned", "at the time", "thereupon", "these", "those", "here", "above",
// "below", one more of what came before ("a further reason", "an additional example") and
// one like it ("of a like nature").
var pointsOutside = regexp.MustCompile(`(?i)\b(?:here|above|below|hereafter|these|those|the latter|the former|the preceding|the foregoing|aforesaid|aforementioned|the said|last[- ](?:mentioned|named)|a like|at the time|at that time|about the same time|thereupon|(?:a further|an additional|another|a similar) (?:example|instance|reason|proof|objection|consideration|argument|point|case|class|cause|circumstance|illustration))\b`)

// shellNouns are abstract nouns whose content is given by the text around them, not by the
// noun (the "shell nouns" of Schmid 2000, English Abstract Nouns as Conceptual Shells): "the
// example", "the mistake", "that plan" say which example, mistake or plan only in the
// sentences before, unless a complement in the sentence does (see complemented).
var shellNouns = map[string]bool{"example": true, "instance": true, "case": true, "precedent": true,
	"plan": true, "scheme": true, "project": true, "proposal": true, "proposition": true, "measure": true,
	"step": true, "course": true, "method": true, "expedient": true, "remedy": true, "experiment": true,
	"fact": true, "idea": true, "notion": true, "principle": true, "doctrine": true, "maxim": true,
	"theory": true, "argument": true, "objection": true, "reason": true, "point": true, "question": true,
	"answer": true, "reply": true, "remark": true, "observation": true, "statement": true,
	"assertion": true, "claim": true, "suggestion": true, "conclusion": true, "inference": true,
	"opinion": true, "view": true, "position": true, "situation": true, "circumstance": true,
	"event": true, "change": true, "alteration": true, "problem": true, "difficulty": true,
	"mistake": true, "error": true, "evil": true, "danger": true, "consideration": true,
	"distinction": true, "provision": true, "proviso": true, "arrangement": true, "passage": true,
	"subject": true, "topic": true, "matter": true, "attempt": true, "result": true, "consequence": true,
	"effect": true, "purpose": true, "object": true, "aim": true}

// complements are the words after a noun that say, in the sentence, which one it is: a
// preposition or a relative ("the example of Britain", "the plan which …"; a past
// participle, "the plan proposed by the convention", does as well).
var complements = map[string]bool{"of": true, "in": true, "for": true, "to": true, "on": true, "by": true,
	"from": true, "with": true, "between": true, "among": true, "about": true, "against": true, "under": true,
	"upon": true, "as": true, "than": true, "that": true, "which": true, "who": true, "whom": true,
	"whose": true, "where": true, "whereby": true, "when": true}

// complemented reports whether the word after words[i] (lowercase, punctuation kept) is a
// complement of it: in complements or a past participle, and not cut off by punctuation.
func complemented(words []string, i int) bool {
	if i+1 == len(words) || strings.ContainsAny(words[i], ",;:.)") {
		return false
	}
	next := strings.Trim(words[i+1], ",;:.()")
	return complements[next] || pastParticiple(next)
}

// pointsBack reports whether the words (lowercase, punctuation kept) of a statement whose
// subject is subject name something only the text before defines: "the" or "that" and a
// shell noun without a complement ("have followed the example", "The mistake is natural
// enough."), or "the same" neither compared ("the same as", "the same hands with") nor shared
// by a subject of two ("The Chairman and Vice Chairman may not be members of the same armed
// force").
func pointsBack(words, subject []string) bool {
	for i := 1; i < len(words); i++ {
		det, w := strings.Trim(words[i-1], "(“"), strings.Trim(words[i], ",;:.()”")
		if det != "the" && det != "that" {
			continue
		}
		if shellNouns[w] || shellNouns[strings.TrimSuffix(w, "s")] {
			if !complemented(words, i) {
				return true
			}
		}
		if det == "the" && w == "same" && !compared(words[i+1:], "as", "that", "with", "which") && !slices.Contains(subject, "and") {
			return true
		}
	}
	return false
}

// compared reports whether the next eight of words (after "such" or "the same") hold one of
// marks, the word that completes it ("such duties as the Secretary may prescribe", "the same
// hands with the personal rights"), before a verb of their own ("Any such waiver shall be
// …"; in "such command shall be appointed to that grade", the "that" is another's).
func compared(words []string, marks ...string) bool {
	for _, w := range words[:min(len(words), 8)] {
		w = strings.Trim(w, ",;:.()")
		if slices.Contains(marks, w) {
			return true
		}
		if verbWords[w] && w != "not" {
			return false
		}
	}
	return false
}

// selfReference are the nouns after which "this" names the text itself, which the item's
// source names ("under this section", "this Constitution").
var selfReference = map[string]bool{"section": true, "subsection": true, "paragraph": true, "subparagraph": true,
	"chapter": true, "subchapter": true, "title": true, "subtitle": true, "part": true, "act": true,
	"constitution": true, "article": true, "amendment": true}

// subjectPronouns are the pronouns that, before a statement's verb, leave its subject to the
// sentences before it ("Immediately after they shall be assembled …").
var subjectPronouns = map[string]bool{"it": true, "its": true, "they": true, "them": true, "their": true,
	"he": true, "him": true, "his": true, "she": true, "her": true}

// cutShort are abbreviations that end a sentence only when the sentence splitter took their
// period for its end ("… dealt with in the earlier portion of chap."), leaving a fragment.
var cutShort = map[string]bool{"chap": true, "chaps": true, "ch": true, "vol": true, "vols": true, "p": true,
	"pp": true, "no": true, "nos": true, "art": true, "sec": true, "fig": true, "ed": true, "cf": true,
	"viz": true, "ibid": true, "op": true, "cit": true, "ca": true}

// standsAlone reports whether a statement can be judged true or false without the text
// around it: it opens alone (opensAlone); no word of subject (the words before its verb) is
// a pronoun; nothing in it points outside it (pointsOutside), "this" names the text itself
// when it stands in it, "such" is followed by its "as" or "that" before a verb of its own
// ("such duties as the Secretary may prescribe", "in such a plight that …"), not left
// pointing back ("such a plan", "one such"), and no noun phrase takes its sense from the
// text before (pointsBack: "the example", "the same ends"); and it is no fragment ending in
// an abbreviation.
func standsAlone(text string, subject []string) bool {
	if !opensAlone(text) || pointsOutside.MatchString(text) {
		return false
	}
	for _, w := range subject {
		if subjectPronouns[strings.ToLower(strings.Trim(w, ",;:()"))] {
			return false
		}
	}
	words := strings.Fields(strings.ToLower(text))
	for i, w := range words {
		switch strings.Trim(w, ",;:().") {
		case "this":
			if i+1 == len(words) || w != "this" || !selfReference[strings.Trim(words[i+1], ",;:().")] {
				return false
			}
		case "such":
			if !compared(words[i+1:], "as", "that") {
				return false
			}
		}
	}
	if pointsBack(words, strings.Fields(strings.ToLower(strings.Join(subject, " ")))) {
		return false
	}
	last := strings.TrimSuffix(words[len(words)-1], ".")
	return !cutShort[last]
}
