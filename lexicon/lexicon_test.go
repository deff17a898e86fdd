package lexicon

import (
	"bytes"
	"compress/gzip"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Counts of the committed wordnet.bin.gz (WordNet 3.0, Debian wordnet-base
// 1:3.0-37). Regenerating from other WordNet files changes them.
const (
	wantLemmas          = 83118
	wantRelations       = 377879 // 364409 of them listed by Related, the rest LaterSynonym
	wantPhrases         = 59485
	wantPhraseRelations = 136365
)

var wantExceptions = [4]int{1425, 1864, 1190, 7}

func TestCounts(t *testing.T) {
	l := Builtin()
	if got := l.NumLemmas(); got != wantLemmas {
		t.Errorf("NumLemmas() = %d, want %d", got, wantLemmas)
	}
	if got := l.NumRelations(); got != wantRelations {
		t.Errorf("NumRelations() = %d, want %d", got, wantRelations)
	}
	if got := l.NumExceptions(); got != wantExceptions {
		t.Errorf("NumExceptions() = %v, want %v", got, wantExceptions)
	}
	if got := l.NumPhrases(); got != wantPhrases {
		t.Errorf("NumPhrases() = %d, want %d", got, wantPhrases)
	}
	if got := l.NumPhraseRelations(); got != wantPhraseRelations {
		t.Errorf("NumPhraseRelations() = %d, want %d", got, wantPhraseRelations)
	}
	if Builtin() != l {
		t.Error("Builtin() returned a different pointer on the second call")
	}
	t.Logf("embedded data %d bytes; %d lemmas, %d relations, exceptions %v; %d phrases, %d phrase relations",
		len(builtinData), l.NumLemmas(), l.NumRelations(), l.NumExceptions(), l.NumPhrases(), l.NumPhraseRelations())
}

func TestLemmas(t *testing.T) {
	l := Builtin()
	tests := []struct {
		word string
		want []string
	}{
		{"spies", []string{"spy"}},
		{"quartered", []string{"quarter"}},
		{"armies", []string{"army"}},
		{"appointed", []string{"appointed", "appoint"}}, // "appointed" is an adjective lemma
		{"went", []string{"go"}},
		{"betraying", []string{"betray"}},
		{"betrayed", []string{"betray"}},
		{"bodies", []string{"body"}},
		{"soldiers", []string{"soldier"}},
		{"geese", []string{"goose"}},
		{"singing", []string{"singing", "sing", "singe"}}, // all rules, most tagged first
		{"better", []string{"better", "good", "well"}},
		{"boxesful", []string{"boxful"}}, // morph.c's "ful" rule
		{"defences", []string{"defence"}},
		{"treason", []string{"treason"}},
		{"Spies", []string{"spy"}}, // lowercased
		{"glass", []string{"glass"}},
		{"boss", []string{"boss"}}, // no noun rules on "-ss", so not genus "bos"
		{"ss", []string{"ss"}},     // SS is a noun lemma; no rules on 2 letters
		{"xyzzyq", nil},
		{"", nil},
		{"secret agent", nil}, // collocations are not stored
	}
	for _, tt := range tests {
		if got := l.Lemmas(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Lemmas(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestIsLemma(t *testing.T) {
	l := Builtin()
	tests := []struct {
		s    string
		want bool
	}{
		{"spy", true}, {"spies", false}, {"treason", true}, {"defence", true},
		{"defense", true}, {"pentagon", true}, {"secret_agent", false},
		{"secret agent", false}, {"Spy", false}, {"", false},
	}
	for _, tt := range tests {
		if got := l.IsLemma(tt.s); got != tt.want {
			t.Errorf("IsLemma(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func find(rs []Related, lemma string) (Related, bool) {
	for _, r := range rs {
		if r.Lemma == lemma {
			return r, true
		}
	}
	return Related{}, false
}

func TestRelated(t *testing.T) {
	l := Builtin()
	// Entries verified against the WordNet 3.0 data files.
	tests := []struct {
		lemma, target string
		want          Related
	}{
		{"treason", "betrayal", Related{"betrayal", Synonym, 3, 'n'}},
		{"treason", "treachery", Related{"treachery", Synonym, 3, 'n'}},
		{"treason", "perfidy", Related{"perfidy", Synonym, 3, 'n'}},
		{"treason", "treasonous", Related{"treasonous", Derivation, 1, 'n'}},
		{"betray", "betrayal", Related{"betrayal", Derivation, 2, 'v'}},
		{"betray", "sell", Related{"sell", Synonym, 2, 'v'}},
		{"betrayal", "betray", Related{"betray", Derivation, 1, 'n'}},
		{"spy", "operative", Related{"operative", Hypernym, 1, 'n'}}, // {secret agent, intelligence officer, intelligence agent, operative}
		{"spy", "espy", Related{"espy", Synonym, 1, 'v'}},
		{"spy", "snoop", Related{"snoop", Synonym, 2, 'v'}},
		{"home", "house", Related{"house", Hypernym, 1, 'v'}},
		{"home", "dwelling", Related{"dwelling", Synonym, 2, 'n'}},
		{"home", "domestic", Related{"domestic", Pertainym, 2, 'n'}}, // reverse pertainym
		{"house", "home", Related{"home", Hypernym, 1, 'n'}},
		{"quarter", "billet", Related{"billet", Synonym, 1, 'v'}},
		{"quarter", "lodge", Related{"lodge", Hypernym, 1, 'v'}},
		{"quarter", "quartering", Related{"quartering", Derivation, 1, 'v'}},
		{"appoint", "nominate", Related{"nominate", Synonym, 1, 'v'}},
		{"appoint", "appointee", Related{"appointee", Derivation, 1, 'v'}},
		{"appoint", "appointment", Related{"appointment", Derivation, 1, 'v'}}, // curated: absent from WordNet 3.0
		{"appointment", "appoint", Related{"appoint", Derivation, 1, 'n'}},
		{"defend", "defence", Related{"defence", Derivation, 1, 'v'}},
		{"defend", "defense", Related{"defense", Derivation, 1, 'v'}}, // spelling variant in the target synset
		{"defence", "defense", Related{"defense", Synonym, 1, 'n'}},
		{"nation", "country", Related{"country", Synonym, 1, 'n'}},
		{"nation", "national", Related{"national", Pertainym, 1, 'n'}},
		{"national", "nation", Related{"nation", Pertainym, 1, 'a'}},
		{"quickly", "quick", Related{"quick", Pertainym, 1, 'r'}},
		{"military", "martial", Related{"martial", Similar, 2, 'a'}},
		{"traitor", "betrayer", Related{"betrayer", Synonym, 2, 'n'}},
	}
	for _, tt := range tests {
		got, ok := find(l.Related(tt.lemma), tt.target)
		if !ok || got != tt.want {
			t.Errorf("Related(%q) entry %q = %+v (found %v), want %+v", tt.lemma, tt.target, got, ok, tt.want)
		}
	}

	// Absent on purpose: synonyms beyond sense 3 ("body" sense 5 is
	// {torso, trunk, body}), multi-word lemmas, antonyms.
	absent := []struct{ lemma, target string }{
		{"body", "torso"}, {"body", "trunk"}, {"body", "consistency"},
		{"spy", "secret_agent"}, {"spy", "secret agent"},
		{"defend", "attack"},
	}
	for _, tt := range absent {
		if r, ok := find(l.Related(tt.lemma), tt.target); ok {
			t.Errorf("Related(%q) has %+v, want no %q", tt.lemma, r, tt.target)
		}
	}

	if got := l.Related("xyzzyq"); got != nil {
		t.Errorf("Related(unknown) = %v, want nil", got)
	}
	if got := l.Related("treason")[0]; got.Sense != 1 {
		t.Errorf("Related(treason)[0] = %+v, want sense 1 first", got)
	}
	// The result is a copy.
	a := l.Related("quarter")
	a[0].Lemma = "changed"
	if b := l.Related("quarter"); b[0].Lemma == "changed" {
		t.Error("Related returned shared storage")
	}
}

// TestRelatedInvariants checks every stored list: generator sense limits,
// order by sense, no self or duplicate entries, valid kinds and POS.
func TestRelatedInvariants(t *testing.T) {
	l := Builtin()
	limit := map[Kind]int{Synonym: 3, Similar: 3, Hypernym: 2, AlsoSee: 3, Attribute: 3}
	var perKind [9]int
	listed := 0
	for _, lemma := range l.lemmas {
		rs := l.Related(lemma)
		listed += len(rs)
		seen := map[string]bool{}
		for i, r := range rs {
			perKind[r.Kind]++
			if r.Lemma == lemma || seen[r.Lemma] || !l.IsLemma(r.Lemma) {
				t.Fatalf("Related(%q)[%d] = %+v: self, duplicate or unknown", lemma, i, r)
			}
			seen[r.Lemma] = true
			if r.Kind < Synonym || r.Kind > Attribute || r.Sense < 1 || !bytes.ContainsRune([]byte("nvar"), rune(r.POS)) {
				t.Fatalf("Related(%q)[%d] = %+v: bad kind, sense or POS", lemma, i, r)
			}
			if lim := limit[r.Kind]; lim > 0 && r.Sense > lim {
				t.Fatalf("Related(%q)[%d] = %+v: beyond sense %d", lemma, i, r, lim)
			}
			if i > 0 && r.Sense < rs[i-1].Sense {
				t.Fatalf("Related(%q) not ordered by sense at %d: %+v", lemma, i, rs)
			}
		}
	}
	for k := Synonym; k <= Attribute; k++ {
		if perKind[k] == 0 {
			t.Errorf("no %v relations", k)
		}
		t.Logf("%-10v %6d", k, perKind[k])
	}
	if listed != 364409 {
		t.Errorf("Related lists %d relations over all lemmas, want 364409 (those of the first senses)", listed)
	}
}

// TestLaterSynonyms checks that the synonyms of a word's senses after the third are kept
// apart from Related: listed by LaterSynonyms (and PhraseLaterSynonyms) in sense order, each
// a lemma Related does not list.
func TestLaterSynonyms(t *testing.T) {
	l := Builtin()
	later := l.PhraseLaterSynonyms("put up")
	if !slices.ContainsFunc(later, func(r Related) bool {
		return r.Lemma == "house" && r.Kind == LaterSynonym && r.Sense == 7 && r.POS == 'v'
	}) {
		t.Errorf("PhraseLaterSynonyms(put up) = %+v; want house, LaterSynonym, sense 7, verb", later)
	}
	if slices.ContainsFunc(l.PhraseRelated("put up"), func(r Related) bool { return r.Lemma == "house" }) {
		t.Error("PhraseRelated(put up) lists house, a synonym of its seventh sense")
	}
	n := 0
	for _, lemma := range l.lemmas {
		main := map[string]bool{}
		for _, r := range l.Related(lemma) {
			main[r.Lemma] = true
		}
		rs := l.LaterSynonyms(lemma)
		n += len(rs)
		for i, r := range rs {
			if r.Kind != LaterSynonym || r.Sense < 4 || main[r.Lemma] || r.Lemma == lemma || i > 0 && r.Sense < rs[i-1].Sense {
				t.Fatalf("LaterSynonyms(%q)[%d] = %+v: want a LaterSynonym of sense 4 or later, in order, not listed by Related", lemma, i, r)
			}
		}
	}
	if n != wantRelations-364409 {
		t.Errorf("LaterSynonyms lists %d relations over all lemmas, want %d", n, wantRelations-364409)
	}
	if l.LaterSynonyms("nosuchword") != nil || l.PhraseLaterSynonyms("no such phrase") != nil {
		t.Error("LaterSynonyms of an unknown word or phrase is not nil")
	}
}

func TestPhraseRelated(t *testing.T) {
	l := Builtin()
	// Entries verified against the WordNet 3.0 data files (index.verb,
	// data.verb, index.adj, data.adj, index.noun, data.noun).
	tests := []struct {
		phrase, target string
		want           Related
	}{
		// pass_away v sense 1 {die, decease, perish, go, exit, pass away,
		// expire, pass, kick the bucket, ...}, sense 2 {end, stop, ...}.
		{"pass away", "die", Related{"die", Synonym, 1, 'v'}},
		{"pass away", "decease", Related{"decease", Synonym, 1, 'v'}},
		{"pass away", "expire", Related{"expire", Synonym, 1, 'v'}},
		{"pass away", "end", Related{"end", Hypernym, 2, 'v'}},
		// step_down v sense 1 {resign, step down, quit} @ {leave, depart};
		// step-down n {decrease, diminution, reduction, step-down} (merged).
		{"step down", "resign", Related{"resign", Synonym, 1, 'v'}},
		{"step down", "quit", Related{"quit", Synonym, 1, 'v'}},
		{"step down", "leave", Related{"leave", Hypernym, 1, 'v'}},
		{"step down", "decrease", Related{"decrease", Synonym, 1, 'n'}},
		{"step down", "weaken", Related{"weaken", Synonym, 2, 'v'}},
		// sign_off v {sign off} @ {discontinue, stop, cease, give up, quit, lay off}.
		{"sign off", "stop", Related{"stop", Hypernym, 1, 'v'}},
		{"sign off", "discontinue", Related{"discontinue", Hypernym, 1, 'v'}},
		// put_up v senses 1 {post, put up}, 2 {provide, offer, put up},
		// 3 {raise, erect, rear, set up, put up}; "lodge" is a later sense.
		{"put up", "post", Related{"post", Synonym, 1, 'v'}},
		{"put up", "provide", Related{"provide", Synonym, 2, 'v'}},
		{"put up", "erect", Related{"erect", Synonym, 3, 'v'}},
		// size_up v {size up, take stock, scrutinize, scrutinise} @ {examine, see}.
		{"size up", "scrutinize", Related{"scrutinize", Synonym, 1, 'v'}},
		{"size up", "examine", Related{"examine", Hypernym, 1, 'v'}},
		// pull_out v: sense 1 {pull out, get out} @ {leave}, '+' pullout;
		// sense 2 {draw, pull, pull out, get out, take out} @ {remove, take,
		// take away, withdraw}; sense 3 {extract, pull out, pull, pull up,
		// take out, draw out}.
		{"pull out", "pullout", Related{"pullout", Derivation, 1, 'v'}},
		{"pull out", "leave", Related{"leave", Hypernym, 1, 'v'}},
		{"pull out", "draw", Related{"draw", Synonym, 2, 'v'}},
		{"pull out", "extract", Related{"extract", Synonym, 3, 'v'}},
		{"pull out", "withdraw", Related{"withdraw", Hypernym, 2, 'v'}},
		// secret_agent n {secret agent, intelligence officer, ..., operative} @ {agent}.
		{"secret agent", "operative", Related{"operative", Synonym, 1, 'n'}},
		{"secret agent", "agent", Related{"agent", Hypernym, 1, 'n'}},
		// drawn-out a (satellite) {extended, lengthy, prolonged, protracted,
		// drawn-out} & {long}.
		{"drawn out", "prolonged", Related{"prolonged", Synonym, 1, 'a'}},
		{"drawn out", "protracted", Related{"protracted", Synonym, 1, 'a'}},
		{"drawn out", "lengthy", Related{"lengthy", Synonym, 1, 'a'}},
		{"drawn out", "extended", Related{"extended", Synonym, 1, 'a'}},
		{"drawn out", "long", Related{"long", Similar, 1, 'a'}},
		// long-term a {long-term, long-run, semipermanent} & {long}.
		{"long term", "semipermanent", Related{"semipermanent", Synonym, 1, 'a'}},
		{"long term", "long", Related{"long", Similar, 1, 'a'}},
		// "a" kept inside keys: a_lot r {a lot, lots, a good deal, a great
		// deal, much, very much}.
		{"a lot", "lots", Related{"lots", Synonym, 1, 'r'}},
		{"a lot", "much", Related{"much", Synonym, 1, 'r'}},
		{"give up", "forfeit", Related{"forfeit", Synonym, 1, 'v'}},
		{"carry out", "execute", Related{"execute", Synonym, 1, 'v'}},
		// Normalised input.
		{"Pass_Away", "die", Related{"die", Synonym, 1, 'v'}},
		{"pass  away", "die", Related{"die", Synonym, 1, 'v'}},
		{"drawn-out", "prolonged", Related{"prolonged", Synonym, 1, 'a'}},
	}
	for _, tt := range tests {
		got, ok := find(l.PhraseRelated(tt.phrase), tt.target)
		if !ok || got != tt.want {
			t.Errorf("PhraseRelated(%q) entry %q = %+v (found %v), want %+v", tt.phrase, tt.target, got, ok, tt.want)
		}
	}
	if got := l.PhraseRelated("pass away")[0]; got != (Related{"die", Synonym, 1, 'v'}) {
		t.Errorf("PhraseRelated(pass away)[0] = %+v, want die first", got)
	}

	// Absent: later senses (put_up "lodge" is sense 6), phrase targets,
	// the phrase's own hyphenated spelling, antonyms.
	absent := []struct{ phrase, target string }{
		{"put up", "lodge"}, {"put up", "accommodate"},
		{"pass away", "kick the bucket"}, {"pass away", "pass_away"},
		{"drawn out", "drawn-out"}, {"long term", "long-term"},
		{"pull out", "pull out"}, {"pull out", "draw_out"},
	}
	for _, tt := range absent {
		if r, ok := find(l.PhraseRelated(tt.phrase), tt.target); ok {
			t.Errorf("PhraseRelated(%q) has %+v, want no %q", tt.phrase, r, tt.target)
		}
	}

	// Not WordNet 3.0 expressions (or longer than MaxPhraseWords, or single
	// words), so nil.
	for _, p := range []string{
		"pat down", "lend a hand", "well run", "xyzzyq plugh", "", " ",
		"die", "pass", "jack in the box", "pass away now",
	} {
		if got := l.PhraseRelated(p); got != nil {
			t.Errorf("PhraseRelated(%q) = %v, want nil", p, got)
		}
	}

	// The result is a copy.
	a := l.PhraseRelated("pass away")
	a[0].Lemma = "changed"
	if b := l.PhraseRelated("pass away"); b[0].Lemma == "changed" {
		t.Error("PhraseRelated returned shared storage")
	}
}

// TestPhraseInvariants checks every stored phrase: key shape, order, and
// the same relation invariants as TestRelatedInvariants.
func TestPhraseInvariants(t *testing.T) {
	l := Builtin()
	limit := map[Kind]int{Synonym: 3, Similar: 3, Hypernym: 2, AlsoSee: 3, Attribute: 3}
	var words [MaxPhraseWords + 1]int
	for i, p := range l.phrases {
		if i > 0 && l.phrases[i-1] >= p {
			t.Fatalf("phrases not sorted at %d: %q, %q", i, l.phrases[i-1], p)
		}
		f := strings.Split(p, " ")
		if len(f) < 2 || len(f) > MaxPhraseWords || normPhrase(p) != p || slices.Contains(f, "") {
			t.Fatalf("bad phrase key %q", p)
		}
		words[len(f)]++
		rs := l.PhraseRelated(p)
		if len(rs) == 0 {
			t.Fatalf("PhraseRelated(%q) is empty", p)
		}
		seen := map[string]bool{}
		for j, r := range rs {
			if seen[r.Lemma] || !l.IsLemma(r.Lemma) || normPhrase(r.Lemma) == p {
				t.Fatalf("PhraseRelated(%q)[%d] = %+v: duplicate, unknown or self", p, j, r)
			}
			seen[r.Lemma] = true
			if r.Kind < Synonym || r.Kind > Attribute || r.Sense < 1 || !bytes.ContainsRune([]byte("nvar"), rune(r.POS)) {
				t.Fatalf("PhraseRelated(%q)[%d] = %+v: bad kind, sense or POS", p, j, r)
			}
			if lim := limit[r.Kind]; lim > 0 && r.Sense > lim {
				t.Fatalf("PhraseRelated(%q)[%d] = %+v: beyond sense %d", p, j, r, lim)
			}
			if j > 0 && r.Sense < rs[j-1].Sense {
				t.Fatalf("PhraseRelated(%q) not ordered by sense at %d: %+v", p, j, rs)
			}
		}
	}
	t.Logf("phrases by word count: 2: %d, 3: %d", words[2], words[3])
}

func TestTagCount(t *testing.T) {
	l := Builtin()
	if got := l.TagCount("home"); got != 190 {
		t.Errorf("TagCount(home) = %d, want 190", got)
	}
	if got := l.TagCount("defence"); got != 0 {
		t.Errorf("TagCount(defence) = %d, want 0 (untagged British spelling)", got)
	}
	if got := l.TagCount("xyzzyq"); got != 0 {
		t.Errorf("TagCount(unknown) = %d, want 0", got)
	}
	if a, b := l.SenseTagCount("home", 'n', 1), l.SenseTagCount("home", 'n', 9); a <= b || a == 0 {
		t.Errorf("SenseTagCount(home, n, 1/9) = %d/%d, want sense 1 more frequent", a, b)
	}
	for _, tt := range []struct {
		pos   byte
		sense int
	}{{'x', 1}, {'n', 0}, {'n', 999}} {
		if got := l.SenseTagCount("home", tt.pos, tt.sense); got != 0 {
			t.Errorf("SenseTagCount(home, %c, %d) = %d, want 0", tt.pos, tt.sense, got)
		}
	}
	sum := 0
	for _, p := range []byte("nvar") {
		for s := 1; s <= 60; s++ {
			sum += l.SenseTagCount("quarter", p, s)
		}
	}
	if got := l.TagCount("quarter"); sum != got {
		t.Errorf("sum of SenseTagCount(quarter) = %d, TagCount = %d", sum, got)
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{
		{Synonym, "Synonym"}, {Derivation, "Derivation"}, {Similar, "Similar"},
		{Pertainym, "Pertainym"}, {Hypernym, "Hypernym"}, {AlsoSee, "AlsoSee"},
		{Attribute, "Attribute"}, {LaterSynonym, "LaterSynonym"}, {0, "Kind(0)"}, {42, "Kind(42)"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(tt.k), got, tt.want)
		}
	}
}

func gz(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(raw)
	w.Close()
	return b.Bytes()
}

func TestDecodeErrors(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(builtinData))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	good := raw.Bytes()
	if _, err := decode(gz(t, good)); err != nil {
		t.Fatalf("decode(re-gzipped good data) = %v", err)
	}
	// Cut the body at several points but keep the trailer magic.
	for _, cut := range []int{len(magic) + 1, len(good) / 3, len(good) / 2, len(good) - len(magic) - 1} {
		bad := append(append([]byte{}, good[:cut]...), magic...)
		if _, err := decode(gz(t, bad)); !errors.Is(err, errFormat) {
			t.Errorf("decode(truncated at %d) error = %v, want errFormat", cut, err)
		}
	}
	if _, err := decode(gz(t, []byte("not a lexicon"))); !errors.Is(err, errFormat) {
		t.Errorf("decode(bad magic) error = %v, want errFormat", err)
	}
	if _, err := decode([]byte("not gzip")); err == nil {
		t.Error("decode(not gzip) succeeded")
	}
}

func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := Builtin()
			for _, w := range []string{"spies", "betraying", "quartered"} {
				for _, lem := range l.Lemmas(w) {
					_ = l.Related(lem)
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkBuiltin(b *testing.B) {
	b.SetBytes(int64(len(builtinData)))
	for b.Loop() {
		if _, err := decode(builtinData); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRelated(b *testing.B) {
	l := Builtin()
	words := []string{"treason", "betray", "spy", "home", "quarter", "appoint", "defend", "nation"}
	i := 0
	for b.Loop() {
		_ = l.Related(words[i%len(words)])
		i++
	}
}

func BenchmarkLemmas(b *testing.B) {
	l := Builtin()
	words := []string{"spies", "quartered", "armies", "appointed", "went", "betraying"}
	i := 0
	for b.Loop() {
		_ = l.Lemmas(words[i%len(words)])
		i++
	}
}

func BenchmarkPhraseRelated(b *testing.B) {
	l := Builtin()
	phrases := []string{"pass away", "step down", "put up", "drawn out", "pat down", "secret agent"}
	i := 0
	for b.Loop() {
		_ = l.PhraseRelated(phrases[i%len(phrases)])
		i++
	}
}

func TestIsProperNoun(t *testing.T) {
	l := Builtin()
	for word, want := range map[string]bool{
		"australia": true, "vietnam": true, "madison": true,
		"congress": false, // also a meeting
		"pentagon": false, // also a shape
		"china":    false, // also porcelain
		"judges":   false, // also the plural of "judge"
		"acts":     false, // also the plural of "act"
		"army":     false, "spy": false, "nosuchword": false,
	} {
		if got := l.IsProperNoun(word); got != want {
			t.Errorf("IsProperNoun(%q) = %v, want %v", word, got, want)
		}
	}
}

func TestIsNounOnly(t *testing.T) {
	l := Builtin()
	for word, want := range map[string]bool{
		"sector": true, "security": true, "excellence": true,
		"high": false, "rule": false, "treason": true, "needed": false, "xyzzy": false,
	} {
		if got := l.IsNounOnly(word); got != want {
			t.Errorf("IsNounOnly(%q) = %v, want %v", word, got, want)
		}
	}
}

func TestIsAdverbOnly(t *testing.T) {
	l := Builtin()
	for word, want := range map[string]bool{
		"formally": true, "exactly": true, "officially": true,
		"well": false, "fast": false, "sector": false, "xyzzy": false,
	} {
		if got := l.IsAdverbOnly(word); got != want {
			t.Errorf("IsAdverbOnly(%q) = %v, want %v", word, got, want)
		}
	}
}

// TestHasPOS checks parts of speech by WordNet letter, and that an unknown letter or word has
// none.
func TestHasPOS(t *testing.T) {
	l := Builtin()
	for _, c := range []struct {
		word string
		pos  byte
		want bool
	}{
		{"apply", 'v', true}, {"apply", 'n', false},
		{"legal", 'a', true}, {"legal", 'v', false},
		{"true", 'a', true}, {"law", 'n', true}, {"law", 'v', false},
		{"quickly", 'r', true}, {"army", 'x', false}, {"nosuchword", 'n', false},
	} {
		if got := l.HasPOS(c.word, c.pos); got != c.want {
			t.Errorf("HasPOS(%q, %q) = %v, want %v", c.word, c.pos, got, c.want)
		}
	}
}

// TestSeatOf checks the names WordNet's definitions say a place is the headquarters of: the
// Pentagon's, and none for a word whose first sense says no such thing.
func TestSeatOf(t *testing.T) {
	l := Builtin()
	for lemma, want := range map[string]string{
		"pentagon": "united states department of defense",
		"army":     "",
		"zzqx":     "",
	} {
		if got := l.SeatOf(lemma); got != want {
			t.Errorf("SeatOf(%q) = %q, want %q", lemma, got, want)
		}
	}
}
