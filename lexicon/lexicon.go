// Package lexicon is a compact, embedded, WordNet-derived table of word
// forms and paraphrase relations for query expansion: base forms (WordNet's
// morphy), synonyms, derivationally related forms, pertainyms, similar
// adjectives and direct hypernyms of single-word lemmas.
//
// The data is derived from WordNet 3.0 (Princeton University; see
// WORDNET-LICENSE, which must be kept with the data) and embedded as
// wordnet.bin.gz, produced by internal/gen from the Debian package
// wordnet-base:
//
//	apt-get install wordnet-base
//	go generate ./lexicon/
//
// The lemma table holds single-word lemmas only, all lowercase (hyphenated
// compounds such as "drawn-out" count as single words there). Multi-word
// expressions — WordNet collocations ("pass_away", "secret_agent",
// "lend_a_hand") and hyphenated compounds ("drawn-out", "long-term") of
// 2 to MaxPhraseWords words — are kept in a separate phrase table, keyed
// by their words joined with single spaces ("pass away", "drawn out"),
// with their relations to single-word lemmas only (see PhraseRelated).
// WordNet's spelling is mostly American
// ("defense", "honor", "labor"); British variants are present only where
// WordNet lists them, usually as a separate lemma ("defence" is a noun lemma
// whose synsets include "defense", so they relate as synonyms). No spelling
// normalisation is done here.
//
// The package uses only the standard library at run time. The table is
// decoded on first use (see Builtin) and is immutable afterwards, so a
// *Lexicon is safe for concurrent use.
package lexicon

//go:generate go run ./internal/gen -wordnet /usr/share/wordnet -out wordnet.bin.gz

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
)

//go:embed wordnet.bin.gz
var builtinData []byte

// Kind is the kind of a relation between two lemmas.
type Kind uint8

// Relation kinds. The sense limits are applied by the generator
// (internal/gen) because later WordNet senses are rare and noisy.
const (
	// Synonym: another word of the same synset, from the source lemma's
	// first 3 senses only (WordNet sense order, most frequent first).
	Synonym Kind = iota + 1
	// Derivation: WordNet "derivationally related form" ('+' pointer),
	// e.g. betray→betrayal, appoint→appointment; all senses.
	Derivation
	// Similar: adjective "similar to" ('&' pointer), between a head
	// adjective and its satellites; senses 1-3.
	Similar
	// Pertainym: WordNet pertainym ('\' pointer: adjective→noun it pertains
	// to, adverb→adjective it derives from), e.g. national→nation,
	// quickly→quick, and the reverse direction added by the generator
	// (nation→national); all senses.
	Pertainym
	// Hypernym: a word of a direct hypernym or instance hypernym synset
	// ('@', '@i') of the source lemma's first 2 senses.
	Hypernym
	// AlsoSee: WordNet "also see" ('^' pointer); senses 1-3.
	AlsoSee
	// Attribute: WordNet attribute ('=' pointer) between a noun and the
	// adjectives that are its values, e.g. size→large; senses 1-3.
	// This kind extends the original list of kinds.
	Attribute
	// LaterSynonym: another word of the same synset, from the source
	// lemma's senses 4 and later, which are rare and meant only in
	// context ("put up" for "house" in "put up soldiers in my home").
	// Related leaves them out; LaterSynonyms lists them.
	LaterSynonym
)

var kindNames = [...]string{"Invalid", "Synonym", "Derivation", "Similar", "Pertainym", "Hypernym", "AlsoSee", "Attribute", "LaterSynonym"}

// String returns the constant's name, e.g. "Synonym", or "Kind(n)" for a
// value outside the defined kinds.
func (k Kind) String() string {
	if k >= Synonym && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + itoa(int(k)) + ")"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Related is one lemma related to a source lemma.
type Related struct {
	// Lemma is the related single-word lemma, lowercase.
	Lemma string
	// Kind is the relation.
	Kind Kind
	// Sense is the 1-based WordNet sense number, within part of speech
	// POS, of the source lemma's sense the relation comes from. Sense 1
	// is the most frequent sense of that part of speech.
	Sense int
	// POS is the part of speech of the source lemma's sense: 'n' noun,
	// 'v' verb, 'a' adjective (including satellites), 'r' adverb.
	// This field extends the original API.
	POS byte
}

type relRec struct {
	target uint32
	sense  uint16
	kind   Kind
	pos    uint8 // 0..3
}

// posLetters maps the stored part-of-speech index to WordNet's letter.
const posLetters = "nvar"

// Lexicon is the loaded WordNet-derived table: the sorted single-word
// lemmas with their parts of speech, their relations, tag counts, the
// morphological exception lists and the multi-word phrases with their
// relations. The zero value is empty; use Builtin.
type Lexicon struct {
	lemmas []string            // sorted by byte order
	pos    []uint8             // part-of-speech mask per lemma (bit 0 n, 1 v, 2 a, 3 r)
	relOff []uint32            // rels[relOff[i]:relOff[i+1]] are lemma i's relations
	rels   []relRec            // pre-sorted, most reliable first
	tags   []uint32            // total tag count per lemma
	senses map[uint32][]uint32 // lemma<<2|pos -> tag count per sense (1-based sense at index 0)
	exc    [4]map[string][]uint32

	phrases    []string // phrase keys ("pass away"), sorted by byte order
	phraseOff  []uint32 // phraseRels[phraseOff[i]:phraseOff[i+1]] are phrase i's relations
	phraseRels []relRec // targets index lemmas; pre-sorted like rels

	seats map[uint32]string // lemma index -> the body it is the headquarters of (see SeatOf)
}

var (
	builtinOnce sync.Once
	builtin     *Lexicon
)

// Builtin returns the embedded lexicon, decoding it (gunzip and parse,
// a few tens of milliseconds) on the first call only; later calls return
// the same pointer. It panics if the embedded data is corrupt, which the
// package tests rule out for the committed file.
func Builtin() *Lexicon {
	builtinOnce.Do(func() {
		l, err := decode(builtinData)
		if err != nil {
			panic(err)
		}
		builtin = l
	})
	return builtin
}

// index returns the position of lemma s in the sorted table, or -1.
func (l *Lexicon) index(s string) int {
	i, ok := slices.BinarySearch(l.lemmas, s)
	if !ok {
		return -1
	}
	return i
}

// isLemmaPOS reports whether s is a lemma of part of speech p (0..3).
func (l *Lexicon) isLemmaPOS(s string, p int) bool {
	i := l.index(s)
	return i >= 0 && l.pos[i]&(1<<p) != 0
}

// properBit marks a proper noun in a lemma's part-of-speech mask (see IsProperNoun).
const properBit = 1 << 4

// IsProperNoun reports whether s (lowercase) is a WordNet proper noun: a noun only, which
// every synset holding it writes capitalised ("australia", "vietnam", "hamilton"; not
// "congress", also a meeting, nor "pentagon", also a shape), and not an inflected form of
// another lemma ("judges", the book, is also the plural of "judge"; "acts", of "act").
func (l *Lexicon) IsProperNoun(s string) bool {
	i := l.index(s)
	if i < 0 || l.pos[i]&properBit == 0 {
		return false
	}
	for _, lemma := range l.Lemmas(s) {
		if lemma != s {
			return false
		}
	}
	return true
}

// HasPOS reports whether s (lowercase, a base form) is a WordNet lemma of part of speech pos:
// 'n' noun, 'v' verb, 'a' adjective (satellites included), 'r' adverb; false for any other
// pos.
func (l *Lexicon) HasPOS(s string, pos byte) bool {
	p := strings.IndexByte(posLetters, pos)
	return p >= 0 && l.isLemmaPOS(s, p)
}

// IsNounOnly reports whether s (lowercase, a base form) is a WordNet lemma of the noun part
// of speech and of no other ("sector", "security"; not "high", also an adjective, nor
// "rule", also a verb).
func (l *Lexicon) IsNounOnly(s string) bool {
	i := l.index(s)
	return i >= 0 && l.pos[i]&0xf == 1
}

// IsAdverbOnly reports whether s (lowercase, a base form) is a WordNet lemma of the adverb
// part of speech and of no other ("formally", "exactly"; not "well", also a noun).
func (l *Lexicon) IsAdverbOnly(s string) bool {
	i := l.index(s)
	return i >= 0 && l.pos[i]&0xf == 8
}

// IsLemma reports whether s is a WordNet lemma (single word, lowercase as
// stored; s is not lowercased) of any part of speech.
func (l *Lexicon) IsLemma(s string) bool {
	return l.index(s) >= 0
}

// Related returns the single-word lemmas related to lemma (lowercase; not
// lemmatised: call Lemmas first for inflected words), most reliable first,
// without duplicates and without lemma itself. Order, fixed by the
// generator: sense number ascending (so synonyms of sense 1 come first),
// then kind (Synonym, Derivation, Pertainym, Similar, Attribute, AlsoSee,
// Hypernym), then the lemma's more frequent part of speech by tag count,
// then WordNet's order. A lemma reachable in several ways is listed once,
// at its best position. It returns nil if lemma is not a lemma or has no
// relations. The returned slice is fresh and may be modified.
func (l *Lexicon) Related(lemma string) []Related {
	main, _ := l.lemmaRels(lemma)
	return l.related(main)
}

// LaterSynonyms returns the synonyms of lemma's senses 4 and later (kind LaterSynonym) that
// Related does not list, in sense order, or nil. A caller takes one only where the context
// shows that sense is meant. The returned slice is fresh and may be modified.
func (l *Lexicon) LaterSynonyms(lemma string) []Related {
	_, later := l.lemmaRels(lemma)
	return l.related(later)
}

// lemmaRels returns the stored relations of lemma, split before its first LaterSynonym.
func (l *Lexicon) lemmaRels(lemma string) (main, later []relRec) {
	i := l.index(lemma)
	if i < 0 {
		return nil, nil
	}
	return splitLater(l.rels[l.relOff[i]:l.relOff[i+1]])
}

// splitLater splits a relation list, whose LaterSynonym relations come last (the generator
// sorts them so), before the first of them.
func splitLater(rs []relRec) (main, later []relRec) {
	k := slices.IndexFunc(rs, func(r relRec) bool { return r.kind == LaterSynonym })
	if k < 0 {
		return rs, nil
	}
	return rs[:k], rs[k:]
}

// related returns rs as Related values, or nil when rs is empty.
func (l *Lexicon) related(rs []relRec) []Related {
	if len(rs) == 0 {
		return nil
	}
	out := make([]Related, len(rs))
	for j, r := range rs {
		out[j] = Related{Lemma: l.lemmas[r.target], Kind: r.kind, Sense: int(r.sense), POS: posLetters[r.pos]}
	}
	return out
}

// MaxPhraseWords is the most words a phrase key has (3). Longer WordNet
// expressions ("jack-in-the-box") are not stored.
const MaxPhraseWords = 3

// PhraseRelated returns the single-word lemmas related to a multi-word
// expression given as its words' base forms joined by single spaces
// ("pass away", "step down", "lend a hand", "drawn out"), or nil if
// WordNet has no such expression of 2 to MaxPhraseWords words or it has
// no relation to a single-word lemma. Same order, kinds, sense limits and
// fields as Related; Sense and POS are those of the expression's sense
// (e.g. "pass away" gives {die, Synonym, 1, 'v'}).
//
// Keys are WordNet's own lemmas, which are base forms already: a caller
// builds them from the base forms of a question's words ("passes away" →
// Lemmas("passes")[0] + " away" → "pass away"). Function words such as
// "a", "up", "down", "off", "out" and "away" are part of the key. The
// WordNet sources are collocations ("pass_away") and hyphenated compounds
// ("drawn-out"), both keyed with spaces; when both spellings exist their
// relations are merged. For convenience phrase is lowercased and '_', '-'
// and runs of white space are read as single word separators, so
// "Pass_Away" works too. The returned slice is fresh and may be modified.
func (l *Lexicon) PhraseRelated(phrase string) []Related {
	main, _ := l.phraseRelRecs(phrase)
	return l.related(main)
}

// PhraseLaterSynonyms is LaterSynonyms for a multi-word expression, given as PhraseRelated
// takes it: "put up" gives {house, LaterSynonym, 7, 'v'} and {domiciliate, …}.
func (l *Lexicon) PhraseLaterSynonyms(phrase string) []Related {
	_, later := l.phraseRelRecs(phrase)
	return l.related(later)
}

// phraseRelRecs returns the stored relations of a phrase, split as lemmaRels splits a
// lemma's.
func (l *Lexicon) phraseRelRecs(phrase string) (main, later []relRec) {
	i, ok := slices.BinarySearch(l.phrases, phrase)
	if !ok {
		k := normPhrase(phrase)
		if k == phrase {
			return nil, nil
		}
		if i, ok = slices.BinarySearch(l.phrases, k); !ok {
			return nil, nil
		}
	}
	return splitLater(l.phraseRels[l.phraseOff[i]:l.phraseOff[i+1]])
}

// normPhrase lowercases s and joins its words, separated by white space,
// '_' or '-', with single spaces.
func normPhrase(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '_' || r == '-' || unicode.IsSpace(r)
	})
	return strings.Join(f, " ")
}

// TagCount returns how often lemma was sense-tagged in WordNet's semantic
// concordance (the sum of cntlist.rev tag counts over all its senses and
// parts of speech), a rough corpus frequency; 0 if untagged or not a lemma.
func (l *Lexicon) TagCount(lemma string) int {
	i := l.index(lemma)
	if i < 0 {
		return 0
	}
	return int(l.tags[i])
}

// SenseTagCount returns the cntlist.rev tag count of sense number sense
// (1-based) of lemma as part of speech pos ('n', 'v', 'a' or 's', 'r'),
// so callers can prefer frequent senses; 0 if unknown or untagged.
func (l *Lexicon) SenseTagCount(lemma string, pos byte, sense int) int {
	if pos == 's' {
		pos = 'a'
	}
	p := strings.IndexByte(posLetters, pos)
	i := l.index(lemma)
	if p < 0 || i < 0 || sense < 1 {
		return 0
	}
	cs := l.senses[uint32(i)<<2|uint32(p)]
	if sense > len(cs) {
		return 0
	}
	return int(cs[sense-1])
}

// SeatOf returns the name of the body that WordNet's definition of lemma's first noun sense
// says it is the headquarters of, lowercased and joined by single spaces: "pentagon" →
// "united states department of defense" ("a government building with five sides that serves
// as the headquarters of the United States Department of Defense"). Such a place stands for
// the body it houses (metonymy: "the head of the Pentagon" is the head of the Department). ""
// for any other lemma, which is lowercase.
func (l *Lexicon) SeatOf(lemma string) string {
	i := l.index(lemma)
	if i < 0 {
		return ""
	}
	return l.seats[uint32(i)]
}

// NumLemmas returns the number of single-word lemmas in the table.
func (l *Lexicon) NumLemmas() int { return len(l.lemmas) }

// NumRelations returns the total number of stored relations (after the
// generator's sense limits and per-lemma deduplication).
func (l *Lexicon) NumRelations() int { return len(l.rels) }

// NumPhrases returns the number of multi-word phrases in the phrase table
// (those with at least one relation to a single-word lemma).
func (l *Lexicon) NumPhrases() int { return len(l.phrases) }

// NumPhraseRelations returns the total number of stored phrase relations.
func (l *Lexicon) NumPhraseRelations() int { return len(l.phraseRels) }

// NumExceptions returns the number of morphological exception entries per
// part of speech: noun, verb, adjective, adverb.
func (l *Lexicon) NumExceptions() [4]int {
	return [4]int{len(l.exc[0]), len(l.exc[1]), len(l.exc[2]), len(l.exc[3])}
}
