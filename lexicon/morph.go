package lexicon

import (
	"slices"
	"strings"
)

// detach is one detachment rule: strip suffix suf, append end.
type detach struct{ suf, end string }

// rules are WordNet's detachment rules (sufx/addr tables in WordNet 3.0's
// src/lib/morph.c and the morphy(7WN) manual page), in WordNet's order,
// per part of speech: noun, verb, adjective, adverb (none).
var rules = [4][]detach{
	{{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	{{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	{{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
	nil,
}

// Lemmas returns the WordNet base forms of word (lowercased first) across
// parts of speech, or nil if none is a WordNet lemma.
//
// The result is word itself first if it is a lemma of any part of speech
// ("appointed" is an adjective lemma, so "appointed" gives
// ["appointed", "appoint"]), then the other base forms without duplicates,
// most tagged (TagCount) first, ties in part-of-speech order noun, verb,
// adjective, adverb. Per part of speech this is WordNet's morphy
// (morph.c, morphy(7WN)):
//
//  1. if word is in that part of speech's exception list (noun.exc,
//     verb.exc, adj.exc, adv.exc), its listed base forms ("went"→"go",
//     "geese"→"goose") and no rules;
//  2. otherwise, for adverbs nothing; for nouns ending in "ful" the rules
//     are applied to the part before "ful" ("boxesful"→"boxful"), and nouns
//     ending in "ss" or of at most 2 letters get no rules;
//  3. otherwise every detachment rule whose suffix matches
//     (nouns: -s, -ses→s, -xes→x, -zes→z, -ches→ch, -shes→sh, -men→man,
//     -ies→y; verbs: -s, -ies→y, -es→e, -es, -ed→e, -ed, -ing→e, -ing;
//     adjectives: -er, -est, -er→e, -est→e),
//
// keeping only forms that are lemmas of that part of speech. Unlike
// morph.c, which returns only the first rule that yields a lemma, all such
// rules are kept (as NLTK's morphy does), so "singing" gives both "sing" and
// "singe", ordered by tag count. Collocations and hyphenated compounds are
// not split (only single-word lemmas are stored).
//
// Examples: "spies"→["spy"], "quartered"→["quarter"], "armies"→["army"],
// "went"→["go"], "betraying"→["betray"].
func (l *Lexicon) Lemmas(word string) []string {
	word = strings.ToLower(word)
	if word == "" {
		return nil
	}
	var out []string
	self := l.IsLemma(word)
	if self {
		out = append(out, word)
	}
	add := func(s string) {
		if s != word && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for p := 0; p < 4; p++ {
		if bs, ok := l.exc[p][word]; ok {
			for _, b := range bs {
				add(l.lemmas[b])
			}
			continue
		}
		if p == 3 {
			continue
		}
		if p == 0 {
			if stem, ok := strings.CutSuffix(word, "ful"); ok && stem != "" {
				for _, b := range l.applyRules(stem, 0, false) {
					if f := b + "ful"; l.isLemmaPOS(f, 0) {
						add(f)
					}
				}
				continue
			}
			if strings.HasSuffix(word, "ss") || len(word) <= 2 {
				continue
			}
		}
		for _, b := range l.applyRules(word, p, true) {
			add(b)
		}
	}
	if len(out) == 0 {
		return nil
	}
	rest := out
	if self {
		rest = out[1:]
	}
	slices.SortStableFunc(rest, func(a, b string) int { return l.TagCount(b) - l.TagCount(a) })
	return out
}

// applyRules returns the forms produced by part of speech p's detachment
// rules from word (and, for the "ful" stem, exception-list bases), keeping
// only lemmas of p when check is set.
func (l *Lexicon) applyRules(word string, p int, check bool) []string {
	var out []string
	if !check {
		if bs, ok := l.exc[p][word]; ok {
			for _, b := range bs {
				out = append(out, l.lemmas[b])
			}
			return out
		}
	}
	for _, r := range rules[p] {
		stem, ok := strings.CutSuffix(word, r.suf)
		if !ok {
			continue
		}
		f := stem + r.end
		if f == word || f == "" || (check && !l.isLemmaPOS(f, p)) {
			continue
		}
		out = append(out, f)
	}
	return out
}
