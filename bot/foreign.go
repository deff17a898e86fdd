package bot

import (
	"strings"

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
	info := whatlanggo.Detect(question)
	if info.Lang == whatlanggo.Eng {
		return nil
	}
	count := func(isStop func(string) bool) int {
		n := 0
		for _, w := range words {
			if isStop(strings.ToLower(w)) && !stopwords[w] {
				n++
			}
		}
		return n
	}
	if isStop, ok := foreignStopwordLists[info.Lang]; ok && count(isStop) >= minForeignStopwords {
		return isStop
	}
	// A short question's trigrams may point at a language close to its own ("Quelle heure
	// est-il ?" reads as Italian): the list that holds most of its words, if two or more.
	var best func(string) bool
	most := minForeignStopwords - 1
	for _, lang := range []whatlanggo.Lang{whatlanggo.Fra, whatlanggo.Spa, whatlanggo.Swe, whatlanggo.Nob, whatlanggo.Hun, whatlanggo.Rus} {
		if n := count(foreignStopwordLists[lang]); n > most {
			best, most = foreignStopwordLists[lang], n
		}
	}
	return best
}
