// Command gen builds the compact WordNet-derived table embedded by package
// lexicon (lexicon/wordnet.bin.gz) from a WordNet 3.0 database directory,
// such as the one installed by the Debian package wordnet-base.
//
// Usage (run from the lexicon directory, or via go generate):
//
//	go run ./internal/gen -wordnet /usr/share/wordnet -out wordnet.bin.gz
//
// Input files read from the -wordnet directory:
//
//	index.{noun,verb,adj,adv}  lemma -> synset offsets in WordNet sense order
//	data.{noun,verb,adj,adv}   synsets: words and pointers
//	{noun,verb,adj,adv}.exc    morphological exception lists
//	cntlist.rev                semantic-concordance tag counts per sense key
//	                           (optional; counts are zero without it)
//
// What is kept (see package lexicon for the run-time view):
//
//   - every single-word lemma (no '_' i.e. no collocations), lowercased,
//     with a bit mask of the parts of speech it is a lemma of, and a bit
//     (properBit) for a proper noun: a noun only, capitalised in every synset;
//   - per lemma, related single-word lemmas, each with a kind, the part of
//     speech and the 1-based WordNet sense number of the source lemma:
//     Synonym    other words of the synsets of senses 1-3 only;
//     Derivation '+' pointers (lexical: only those leaving this word), all senses;
//     Similar    '&' (adjective similar-to), senses 1-3;
//     Pertainym  '\' pointers (adjective->noun, adverb->adjective), all senses,
//     plus the reverse direction (noun->adjective, adjective->adverb);
//     Hypernym   '@' and '@i' (instance) of senses 1-2 only;
//     AlsoSee    '^', senses 1-3;
//     Attribute  '=' (noun<->adjective), senses 1-3;
//     LaterSynonym other words of the synsets of senses 4 and later, listed
//     after all the relations above and only for targets none of them has.
//     The list is sorted most reliable first (sense number, then kind, then
//     the lemma's more frequent part of speech, then WordNet order) and
//     deduplicated by target lemma, keeping the first occurrence.
//   - per lemma and part of speech, the tag count of each sense from
//     cntlist.rev;
//   - the exception lists, restricted to single-word entries whose base form
//     is a lemma of that part of speech;
//   - every multi-word expression of 2 or 3 words: collocations
//     ("pass_away", "lend_a_hand") and hyphenated compounds ("drawn-out",
//     which also stays a single-word lemma above), keyed by its words
//     lowercased and joined by one space ("pass away", "drawn out"; both
//     spellings of one key are merged), with its relations to single-word
//     lemmas only, of the same kinds, sense limits and order as above
//     (the phrase's own hyphenated spelling is not a target). Phrases with
//     no such relation are left out;
//   - per noun lemma whose first sense's definition calls it "the
//     headquarters of" a capitalised name, that name lowercased ("pentagon"
//     → "united states department of defense"; see seatName).
//
// The output is a gzip stream (no name, zero modification time, so the
// output is reproducible) of the binary format described in
// lexicon/format.go.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Kinds; must match package lexicon.
const (
	kSynonym = iota + 1
	kDerivation
	kSimilar
	kPertainym
	kHypernym
	kAlsoSee
	kAttribute
	kLaterSynonym
)

// kindRank orders kinds within one sense, most reliable first.
var kindRank = map[int]int{
	kSynonym:    0,
	kDerivation: 1,
	kPertainym:  2,
	kSimilar:    3,
	kAttribute:  4,
	kAlsoSee:    5,
	kHypernym:   6,
	// Later synonyms sort after every other relation (see finish).
	kLaterSynonym: 7,
}

// Sense limits (inclusive) per kind; 0 means all senses.
var senseLimit = map[int]int{
	kSynonym:    3,
	kDerivation: 0,
	kSimilar:    3,
	kPertainym:  0,
	kHypernym:   2,
	kAlsoSee:    3,
	kAttribute:  3,
}

var posNames = [4]string{"noun", "verb", "adj", "adv"}

// properBit marks, in a lemma's part-of-speech mask, a proper noun: a lemma that is a noun
// only and that every synset holding it writes capitalised. Must match package lexicon.
const properBit = 1 << 4

const magic = "DBWNLEX3"

// maxPhraseWords is the most words a phrase key may have; must match
// lexicon.MaxPhraseWords.
const maxPhraseWords = 3

type ptr struct {
	sym    string
	offset int
	pos    int // 0..3
	src    int // 0 = semantic (whole synset)
	dst    int
}

type synset struct {
	words []string // lowercased, adjective markers stripped
	ptrs  []ptr
	gloss string // the definition after " | " (nouns only)
}

type rel struct {
	target string
	kind   int
	pos    int
	sense  int
	seq    int
}

// extraDerivations are verb -> noun "-ment" derivations missing from
// WordNet 3.0's '+' pointers, hand-picked from the 29 pairs (verb, verb+"ment")
// that are both lemmas but not linked; unrelated pairs such as
// depart/department, base/basement, pig/pigment and escape/escapement were
// left out. They are stored as Derivation at sense 1 of both lemmas.
var extraDerivations = [][2]string{
	{"accouter", "accouterment"}, {"accoutre", "accoutrement"},
	{"acknowledge", "acknowledgement"}, {"acquire", "acquirement"},
	{"aline", "alinement"}, {"appease", "appeasement"},
	{"appoint", "appointment"}, {"avouch", "avouchment"},
	{"congeal", "congealment"}, {"detain", "detainment"},
	{"disembowel", "disembowelment"}, {"displace", "displacement"},
	{"endanger", "endangerment"}, {"famish", "famishment"},
	{"intrench", "intrenchment"}, {"judge", "judgement"},
}

// spellingVariants reports whether a and b differ only by common British
// vs American spelling patterns (-ence/-ense, -our/-or, -ise/-ize,
// -yse/-yze, -tre/-ter, ll/l, -ogue/-og, ae/e, oe/e, judgement/judgment).
// It is only applied to two words of one synset, which keeps it safe.
func spellingVariants(a, b string) bool {
	return a != b && canonSpelling(a) == canonSpelling(b)
}

var spellingRepl = strings.NewReplacer(
	"ence", "ense", "our", "or", "isation", "ization", "ise", "ize",
	"yse", "yze", "ogue", "og", "ll", "l", "ae", "e", "oe", "e", "dgement", "dgment",
)

func canonSpelling(s string) string {
	s = spellingRepl.Replace(s)
	if strings.HasSuffix(s, "tre") {
		s = s[:len(s)-3] + "ter"
	}
	return s
}

func posIndex(c byte) int {
	switch c {
	case 'n':
		return 0
	case 'v':
		return 1
	case 'a', 's':
		return 2
	case 'r':
		return 3
	}
	return -1
}

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet database directory (dict)")
	out := flag.String("out", "wordnet.bin.gz", "output file")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		log.Fatal(err)
	}
}

func readLines(path string, fn func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' { // licence header lines start with two spaces
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s: %v: %q", path, err, line)
		}
	}
	return sc.Err()
}

func single(w string) bool { return w != "" && !strings.ContainsAny(w, "_ ") }

// phraseKey returns the phrase key of a WordNet lemma that is a collocation
// ("pass_away") or hyphenated compound ("drawn-out") of 2 to maxPhraseWords
// words: the words, lowercased, joined by single spaces ("pass away",
// "drawn out"). ok is false for other lemmas (single words, longer
// expressions, empty parts as in "-ism").
func phraseKey(lemma string) (key string, ok bool) {
	parts := strings.FieldsFunc(strings.ToLower(lemma), func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
	if len(parts) < 2 || len(parts) > maxPhraseWords {
		return "", false
	}
	// Reject empty parts (leading, trailing or doubled separators).
	if n := strings.Count(lemma, "_") + strings.Count(lemma, "-") + strings.Count(lemma, " "); n != len(parts)-1 {
		return "", false
	}
	return strings.Join(parts, " "), true
}

func run(dir, out string) error {
	// index: lemma -> offsets per pos (sense order).
	var index [4]map[string][]int
	// senseOf[pos][lemma+"\x00"+offset] = sense number.
	var senseOf [4]map[string]int
	for p := 0; p < 4; p++ {
		index[p] = map[string][]int{}
		senseOf[p] = map[string]int{}
		err := readLines(filepath.Join(dir, "index."+posNames[p]), func(line string) error {
			f := strings.Fields(line)
			if len(f) < 6 {
				return fmt.Errorf("short index line")
			}
			lemma := strings.ToLower(f[0])
			pcnt, err := strconv.Atoi(f[3])
			if err != nil {
				return err
			}
			i := 4 + pcnt
			scnt, err := strconv.Atoi(f[i])
			if err != nil {
				return err
			}
			offs := f[i+2:]
			if len(offs) != scnt {
				return fmt.Errorf("sense count %d != %d offsets", scnt, len(offs))
			}
			for n, o := range offs {
				off, err := strconv.Atoi(o)
				if err != nil {
					return err
				}
				index[p][lemma] = append(index[p][lemma], off)
				senseOf[p][lemma+"\x00"+o] = n + 1
			}
			return nil
		})
		if err != nil {
			return err
		}
	}

	// data; proper[w] stays true while every noun synset that holds w writes it capitalised
	// ("Australia"; not "congress", which is also a meeting).
	proper := map[string]bool{}
	var data [4]map[int]*synset
	for p := 0; p < 4; p++ {
		data[p] = map[int]*synset{}
		err := readLines(filepath.Join(dir, "data."+posNames[p]), func(line string) error {
			gloss := ""
			if i := strings.Index(line, " | "); i >= 0 {
				line, gloss = line[:i], line[i+3:]
			}
			f := strings.Fields(line)
			off, err := strconv.Atoi(f[0])
			if err != nil {
				return err
			}
			wcnt, err := strconv.ParseInt(f[3], 16, 32)
			if err != nil {
				return err
			}
			s := &synset{}
			if p == 0 {
				s.gloss = gloss
			}
			i := 4
			for w := 0; w < int(wcnt); w++ {
				word := strings.ToLower(f[i])
				if j := strings.IndexByte(word, '('); j > 0 && strings.HasSuffix(word, ")") {
					word = word[:j] // adjective syntactic marker, e.g. "(p)"
				}
				if p == 0 {
					capital := f[i][0] >= 'A' && f[i][0] <= 'Z'
					if was, seen := proper[word]; !seen || was {
						proper[word] = capital
					}
				}
				s.words = append(s.words, word)
				i += 2
			}
			pcnt, err := strconv.Atoi(f[i])
			if err != nil {
				return err
			}
			i++
			for k := 0; k < pcnt; k++ {
				o, err := strconv.Atoi(f[i+1])
				if err != nil {
					return err
				}
				st, err := strconv.ParseUint(f[i+3], 16, 16)
				if err != nil {
					return err
				}
				s.ptrs = append(s.ptrs, ptr{sym: f[i], offset: o, pos: posIndex(f[i+2][0]),
					src: int(st >> 8), dst: int(st & 0xff)})
				i += 4
			}
			data[p][off] = s
			return nil
		})
		if err != nil {
			return err
		}
	}

	// Tag counts from cntlist.rev: "sense_key sense_number tag_cnt".
	// tags[pos][lemma] = counts by sense (index sense-1).
	var tags [4]map[string][]int
	for p := range tags {
		tags[p] = map[string][]int{}
	}
	cntPath := filepath.Join(dir, "cntlist.rev")
	if _, err := os.Stat(cntPath); err == nil {
		err := readLines(cntPath, func(line string) error {
			f := strings.Fields(line)
			if len(f) != 3 {
				return fmt.Errorf("bad cntlist line")
			}
			pct := strings.IndexByte(f[0], '%')
			if pct < 0 || pct+1 >= len(f[0]) {
				return fmt.Errorf("bad sense key")
			}
			lemma := strings.ToLower(f[0][:pct])
			p := map[byte]int{'1': 0, '2': 1, '3': 2, '4': 3, '5': 2}[f[0][pct+1]]
			sn, err1 := strconv.Atoi(f[1])
			tc, err2 := strconv.Atoi(f[2])
			if err1 != nil || err2 != nil || sn < 1 {
				return fmt.Errorf("bad numbers")
			}
			if index[p][lemma] == nil {
				return nil
			}
			c := tags[p][lemma]
			for len(c) < sn {
				c = append(c, 0)
			}
			c[sn-1] += tc
			tags[p][lemma] = c
			return nil
		})
		if err != nil {
			return err
		}
	} else {
		log.Printf("no cntlist.rev: tag counts will be zero")
	}

	// Lemma table.
	posMask := map[string]byte{}
	for p := 0; p < 4; p++ {
		for l := range index[p] {
			if single(l) {
				posMask[l] |= 1 << p
			}
		}
	}
	for l, m := range posMask {
		if m == 1 && proper[l] {
			posMask[l] |= properBit // a noun only, always capitalised
		}
	}
	lemmas := make([]string, 0, len(posMask))
	for l := range posMask {
		lemmas = append(lemmas, l)
	}
	sort.Strings(lemmas)
	id := make(map[string]int, len(lemmas))
	for i, l := range lemmas {
		id[l] = i
	}

	// Relations.
	rels := map[string][]rel{}
	seq := 0
	// Sources are single-word lemmas (no space) and phrase keys (with a
	// space); targets are single-word lemmas only. A phrase's own
	// hyphenated spelling ("drawn-out" for "drawn out") is not a target.
	add := func(src string, r rel) {
		if r.target == src || !single(r.target) {
			return
		}
		if k, ok := phraseKey(r.target); ok && k == src {
			return
		}
		if _, ok := id[r.target]; !ok {
			return
		}
		if r.kind == kSynonym && r.sense > senseLimit[kSynonym] {
			r.kind = kLaterSynonym // kept apart; see finish
		} else if lim := senseLimit[r.kind]; lim > 0 && r.sense > lim {
			return
		}
		seq++
		r.seq = seq
		rels[src] = append(rels[src], r)
	}
	targets := func(pt ptr) []string {
		ts := data[pt.pos][pt.offset]
		if ts == nil {
			return nil
		}
		if pt.dst == 0 {
			return ts.words
		}
		if pt.dst-1 >= len(ts.words) {
			return nil
		}
		// A lexical pointer names one word; add the other words of the
		// target synset that are spelling variants of it
		// (defend -> defence, and also defense).
		t := ts.words[pt.dst-1]
		out := []string{t}
		for _, w := range ts.words {
			if w != t && spellingVariants(w, t) {
				out = append(out, w)
			}
		}
		return out
	}
	// sources returns the keys that relations of WordNet lemma l are stored
	// under: l itself if it is a single word, its phrase key if it is a
	// phrase, both for a hyphenated compound such as "drawn-out".
	sources := func(l string) []string {
		var out []string
		if single(l) {
			out = append(out, l)
		}
		if k, ok := phraseKey(l); ok {
			out = append(out, k)
		}
		return out
	}
	// phraseOrig[key] lists the WordNet lemmas with that phrase key
	// ("drawn-out" and a "drawn_out" would share one).
	phraseOrig := map[string][]string{}
	for p := 0; p < 4; p++ {
		ls := make([]string, 0, len(index[p]))
		for l := range index[p] {
			if len(sources(l)) > 0 {
				ls = append(ls, l)
			}
			if k, ok := phraseKey(l); ok && !slices.Contains(phraseOrig[k], l) {
				phraseOrig[k] = append(phraseOrig[k], l)
			}
		}
		sort.Strings(ls)
		for _, l := range ls {
			srcs := sources(l)
			for si, off := range index[p][l] {
				sense := si + 1
				s := data[p][off]
				if s == nil {
					return fmt.Errorf("%s %s: missing synset %08d", posNames[p], l, off)
				}
				wn := 0
				for i, w := range s.words {
					if w == l {
						wn = i + 1
						break
					}
				}
				if wn == 0 {
					return fmt.Errorf("%s %s: not in synset %08d", posNames[p], l, off)
				}
				for _, w := range s.words {
					for _, src := range srcs {
						add(src, rel{target: w, kind: kSynonym, pos: p, sense: sense})
					}
				}
				for _, pt := range s.ptrs {
					if pt.src != 0 && pt.src != wn {
						continue // lexical pointer of another word
					}
					var k int
					switch pt.sym {
					case "+":
						k = kDerivation
					case "\\":
						k = kPertainym
					case "&":
						k = kSimilar
					case "@", "@i":
						k = kHypernym
					case "^":
						k = kAlsoSee
					case "=":
						k = kAttribute
					default:
						continue
					}
					for _, t := range targets(pt) {
						for _, src := range srcs {
							add(src, rel{target: t, kind: k, pos: p, sense: sense})
						}
						if k == kPertainym && single(l) {
							// Reverse pertainym: the target (noun or
							// adjective, single word or phrase) gets this
							// lemma, at its own sense number for the
							// target synset.
							ts := senseOf[pt.pos][t+"\x00"+fmt.Sprintf("%08d", pt.offset)]
							if ts > 0 {
								for _, src := range sources(t) {
									add(src, rel{target: l, kind: kPertainym, pos: pt.pos, sense: ts})
								}
							}
						}
					}
				}
			}
		}
	}

	// Curated derivations WordNet 3.0 lacks (see extraDerivations).
	for _, pr := range extraDerivations {
		v, n := pr[0], pr[1]
		if index[1][v] == nil || index[0][n] == nil {
			return fmt.Errorf("extra derivation %s/%s: not a verb/noun lemma", v, n)
		}
		add(v, rel{target: n, kind: kDerivation, pos: 1, sense: 1})
		add(n, rel{target: v, kind: kDerivation, pos: 0, sense: 1})
	}

	// POS preference per lemma: more tagged POS first, then n, v, a, r.
	posTotal := func(l string, p int) int {
		t := 0
		for _, c := range tags[p][l] {
			t += c
		}
		return t
	}
	// finish sorts and deduplicates the relations stored under key, whose
	// WordNet lemmas are origs (the lemma itself, or a phrase's spellings).
	finish := func(key string, origs []string) []rel {
		rs := rels[key]
		total := func(p int) int {
			t := 0
			for _, o := range origs {
				t += posTotal(o, p)
			}
			return t
		}
		var pr [4]int
		order := []int{0, 1, 2, 3}
		sort.SliceStable(order, func(a, b int) bool { return total(order[a]) > total(order[b]) })
		for r, p := range order {
			pr[p] = r
		}
		sort.Slice(rs, func(a, b int) bool {
			x, y := rs[a], rs[b]
			if (x.kind == kLaterSynonym) != (y.kind == kLaterSynonym) {
				return y.kind == kLaterSynonym
			}
			if x.sense != y.sense {
				return x.sense < y.sense
			}
			if kindRank[x.kind] != kindRank[y.kind] {
				return kindRank[x.kind] < kindRank[y.kind]
			}
			if pr[x.pos] != pr[y.pos] {
				return pr[x.pos] < pr[y.pos]
			}
			return x.seq < y.seq
		})
		seen := map[string]bool{}
		var keep []rel
		for _, r := range rs {
			if seen[r.target] {
				continue
			}
			seen[r.target] = true
			keep = append(keep, r)
		}
		return keep
	}
	nrel := 0
	final := make([][]rel, len(lemmas))
	for i, l := range lemmas {
		final[i] = finish(l, []string{l})
		nrel += len(final[i])
	}
	// Phrases: only those with at least one relation to a single-word lemma.
	type phrase struct {
		key  string
		rels []rel
	}
	var phrases []phrase
	nphrel := 0
	for k, origs := range phraseOrig {
		sort.Strings(origs)
		if rs := finish(k, origs); len(rs) > 0 {
			phrases = append(phrases, phrase{k, rs})
			nphrel += len(rs)
		}
	}
	sort.Slice(phrases, func(a, b int) bool { return phrases[a].key < phrases[b].key })

	// Exceptions.
	type exc struct {
		form  string
		bases []int
	}
	var excs [4][]exc
	for p := 0; p < 4; p++ {
		m := map[string][]int{}
		err := readLines(filepath.Join(dir, posNames[p]+".exc"), func(line string) error {
			f := strings.Fields(line)
			if len(f) < 2 || !single(f[0]) {
				return nil
			}
			form := strings.ToLower(f[0])
			for _, b := range f[1:] {
				b = strings.ToLower(b)
				if !single(b) || index[p][b] == nil {
					continue
				}
				dup := false
				for _, x := range m[form] {
					dup = dup || lemmas[x] == b
				}
				if !dup {
					m[form] = append(m[form], id[b])
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for form, bs := range m {
			excs[p] = append(excs[p], exc{form, bs})
		}
		sort.Slice(excs[p], func(a, b int) bool { return excs[p][a].form < excs[p][b].form })
	}

	// Encode.
	var buf bytes.Buffer
	var tmp [binary.MaxVarintLen64]byte
	uv := func(x uint64) { buf.Write(tmp[:binary.PutUvarint(tmp[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); buf.WriteString(s) }
	buf.WriteString(magic)
	uv(uint64(len(lemmas)))
	uv(uint64(nrel))
	prev := ""
	for i, l := range lemmas {
		n := 0
		for n < len(l) && n < len(prev) && l[n] == prev[n] {
			n++
		}
		uv(uint64(n))
		str(l[n:])
		buf.WriteByte(posMask[l])
		prev = l
		_ = i
	}
	for i := range lemmas {
		uv(uint64(len(final[i])))
		for _, r := range final[i] {
			d := int64(id[r.target] - i)
			uv(uint64((d << 1) ^ (d >> 63))) // zigzag delta from the source
			buf.WriteByte(byte(r.kind<<2 | r.pos))
			uv(uint64(r.sense))
		}
	}
	ntagged := 0
	for _, l := range lemmas {
		var m byte
		for p := 0; p < 4; p++ {
			if posTotal(l, p) > 0 {
				m |= 1 << p
			}
		}
		buf.WriteByte(m)
		if m != 0 {
			ntagged++
		}
		for p := 0; p < 4; p++ {
			if m&(1<<p) == 0 {
				continue
			}
			c := tags[p][l]
			for len(c) > 0 && c[len(c)-1] == 0 {
				c = c[:len(c)-1]
			}
			uv(uint64(len(c)))
			for _, x := range c {
				uv(uint64(x))
			}
		}
	}
	nexc := 0
	for p := 0; p < 4; p++ {
		uv(uint64(len(excs[p])))
		for _, e := range excs[p] {
			str(e.form)
			uv(uint64(len(e.bases)))
			for _, b := range e.bases {
				uv(uint64(b))
			}
		}
		nexc += len(excs[p])
	}
	uv(uint64(len(phrases)))
	uv(uint64(nphrel))
	prev = ""
	for _, ph := range phrases {
		n := 0
		for n < len(ph.key) && n < len(prev) && ph.key[n] == prev[n] {
			n++
		}
		uv(uint64(n))
		str(ph.key[n:])
		prev = ph.key
	}
	for _, ph := range phrases {
		uv(uint64(len(ph.rels)))
		for _, r := range ph.rels {
			uv(uint64(id[r.target]))
			buf.WriteByte(byte(r.kind<<2 | r.pos))
			uv(uint64(r.sense))
		}
	}
	// Seats: a noun lemma whose first sense's definition says it is the headquarters of a
	// named body ("Pentagon": "… the headquarters of the United States Department of
	// Defense"), with that name.
	type seat struct {
		lemma int
		name  string
	}
	var seated []seat
	for i, l := range lemmas {
		if offs := index[0][l]; len(offs) > 0 && data[0][offs[0]] != nil {
			if name := seatName(data[0][offs[0]].gloss); name != "" {
				seated = append(seated, seat{i, name})
			}
		}
	}
	uv(uint64(len(seated)))
	for _, st := range seated {
		uv(uint64(st.lemma))
		str(st.name)
	}
	buf.WriteString(magic)

	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(out, gz.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("%s: %d lemmas, %d relations, %d tagged lemmas, %d exceptions, %d phrases (of %d), %d phrase relations, %d seats; %d bytes raw, %d bytes gzip",
		out, len(lemmas), nrel, ntagged, nexc, len(phrases), len(phraseOrig), nphrel, len(seated), buf.Len(), gz.Len())
	return nil
}

// seatName returns the name that a definition says its word is the headquarters of: the
// capitalised words after "headquarters of" (and "the"), joined at most by "of", "the",
// "and" or "for", lowercased and joined by single spaces ("united states department of
// defense"), or "" when the definition says no such thing or names nothing capitalised.
func seatName(gloss string) string {
	i := strings.Index(gloss, "headquarters of ")
	if i < 0 {
		return ""
	}
	words := strings.FieldsFunc(gloss[i+len("headquarters of "):], func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '(' || r == ')' || r == '"' || r == ':'
	})
	if len(words) > 0 && words[0] == "the" {
		words = words[1:]
	}
	capital := func(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }
	joiner := map[string]bool{"of": true, "the": true, "and": true, "for": true}
	j := 0
	for j < len(words) && (capital(words[j]) || j > 0 && joiner[words[j]] && j+1 < len(words) && capital(words[j+1])) {
		j++
	}
	if j == 0 {
		return ""
	}
	return strings.ToLower(strings.Join(words[:j], " "))
}
