package embeddings

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestBuiltinShape(t *testing.T) {
	m := Builtin()
	if m != Builtin() {
		t.Error("Builtin() returned a different pointer on the second call")
	}
	for _, tc := range []struct {
		what      string
		got, want any
	}{
		{"Len", m.Len(), 50000},
		{"Dim", m.Dim(), 100},
		{"Name", m.Name(), "glove-6b-100d-50k-int8+sif-logtf"},
		{"Rank(the)", m.Rank("the"), 1},
		{"Rank(of)", m.Rank("of"), 4},
		{"Rank(zzqx)", m.Rank("zzqx"), 0},
		{"Rank(The)", m.Rank("The"), 0},
		{"Rank(marathas)", m.Rank("marathas"), 50820},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.what, tc.got, tc.want)
		}
	}
}

func TestVector(t *testing.T) {
	m := Builtin()
	for _, w := range []string{"the", "soldier", "banana", "marathas"} {
		v, ok := m.Vector(w)
		if !ok || len(v) != 100 {
			t.Fatalf("Vector(%q) = len %d, %v; want len 100, true", w, len(v), ok)
		}
		if n := norm(v); math.Abs(n-1) > 1e-5 {
			t.Errorf("|Vector(%q)| = %v, want 1", w, n)
		}
	}
	if v, ok := m.Vector("zzqx"); ok || v != nil {
		t.Errorf("Vector(zzqx) = %v, %v; want nil, false", v, ok)
	}
	// Dequantised "the" must point where glove.6B.100d's does: its first
	// raw components are -0.038194 -0.24487 0.72812 (norm 5.821154).
	v, _ := m.Vector("the")
	for i, raw := range []float64{-0.038194, -0.24487, 0.72812} {
		if want := raw / 5.821154; math.Abs(float64(v[i])-want) > 0.002 {
			t.Errorf("Vector(the)[%d] = %v, want ≈ %v", i, v[i], want)
		}
	}
	buf := make([]float32, 0, 100)
	if a := testing.AllocsPerRun(100, func() { buf, _ = m.AppendVector(buf[:0], "soldier") }); a != 0 {
		t.Errorf("AppendVector allocates %v times per call, want 0", a)
	}
}

func TestSimilarity(t *testing.T) {
	m := Builtin()
	sim := func(a, b string) float32 {
		s, ok := m.Similarity(a, b)
		if !ok {
			t.Fatalf("Similarity(%q, %q): unknown word", a, b)
		}
		return s
	}
	for _, tc := range []struct{ a, near, far string }{
		{"soldier", "troops", "banana"},
		{"king", "queen", "carburetor"},
		{"doctrine", "strategy", "banana"},
		{"attack", "offensive", "recipe"},
	} {
		if n, f := sim(tc.a, tc.near), sim(tc.a, tc.far); n <= f {
			t.Errorf("Similarity(%s,%s)=%.3f <= Similarity(%s,%s)=%.3f", tc.a, tc.near, n, tc.a, tc.far, f)
		}
	}
	if s := sim("army", "army"); math.Abs(float64(s)-1) > 1e-5 {
		t.Errorf("Similarity(army, army) = %v, want 1", s)
	}
	if _, ok := m.Similarity("army", "zzqx"); ok {
		t.Error("Similarity with an unknown word: ok = true")
	}
}

func TestNearest(t *testing.T) {
	m := Builtin()
	got := m.Nearest("army", 5)
	if len(got) != 5 {
		t.Fatalf("Nearest(army, 5) returned %d words: %v", len(got), got)
	}
	military := map[string]bool{"troops": true, "military": true, "forces": true, "soldiers": true,
		"force": true, "navy": true, "corps": true, "command": true, "officers": true, "commander": true}
	hits := 0
	for i, nb := range got {
		if nb.Word == "army" {
			t.Errorf("Nearest(army) contains army itself")
		}
		if military[nb.Word] {
			hits++
		}
		if i > 0 && nb.Similarity > got[i-1].Similarity {
			t.Errorf("Nearest(army) not sorted: %v", got)
		}
		if s, _ := m.Similarity("army", nb.Word); s != nb.Similarity {
			t.Errorf("Nearest similarity %v != Similarity %v for %s", nb.Similarity, s, nb.Word)
		}
	}
	if hits < 3 {
		t.Errorf("Nearest(army, 5) = %v: only %d military words", got, hits)
	}
	t.Logf("Nearest(army, 5) = %v", got)
	for _, tc := range []struct {
		word string
		n    int
	}{{"zzqx", 5}, {"army", 0}, {"army", -1}} {
		if got := m.Nearest(tc.word, tc.n); got != nil {
			t.Errorf("Nearest(%q, %d) = %v, want nil", tc.word, tc.n, got)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"123 -- !!", nil},
		{"Hello, World!", []string{"hello", "world"}},
		{"Don’t re-enter the U.S. in 2024!", []string{"don't", "re", "enter", "the", "u", "s", "in"}},
		{"the soldiers' rifles 'quoted' rock'n'roll", []string{"the", "soldiers", "rifles", "quoted", "rock'n'roll"}},
		{"it''s", []string{"it", "s"}},
		{"ÉCOLE naïve", []string{"école", "naïve"}},
		{"abc123def", []string{"abc", "def"}},
	} {
		if got := Tokens(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func cosine(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func norm(v []float32) float64 { return math.Sqrt(cosine(v, v)) }

func TestEmbed(t *testing.T) {
	m := Builtin()
	ctx := context.Background()
	emb := func(s string) []float32 {
		v, err := m.Embed(ctx, s)
		if err != nil {
			t.Fatalf("Embed(%q): %v", s, err)
		}
		if len(v) != 100 || math.Abs(norm(v)-1) > 1e-5 {
			t.Fatalf("Embed(%q): len %d norm %v, want 100, 1", s, len(v), norm(v))
		}
		return v
	}
	for _, tc := range []struct{ a, para, other string }{
		{"The army attacked the enemy at dawn.", "At sunrise the troops assaulted the opposing forces.", "She baked a chocolate cake for the party."},
		{"What is the doctrine for defensive operations?", "Which principles govern defence in military operations?", "How do I reset my email password?"},
		{"The cat rested on the carpet.", "The kitten slept on the rug.", "The desk was in the study room."},
	} {
		a, p, o := emb(tc.a), emb(tc.para), emb(tc.other)
		if cp, co := cosine(a, p), cosine(a, o); cp <= co {
			t.Errorf("cos(%q, paraphrase)=%.3f <= cos(unrelated)=%.3f", tc.a, cp, co)
		} else {
			t.Logf("paraphrase %.3f > unrelated %.3f: %q", cp, co, tc.a)
		}
	}
	// Case and punctuation do not matter; apostrophe words fall back to
	// GloVe's split ("can't" → "ca" + "not").
	if c := cosine(emb("THE ARMY!"), emb("the army")); math.Abs(c-1) > 1e-6 {
		t.Errorf("case changes the embedding: cos = %v", c)
	}
	if c := cosine(emb("can't"), emb("ca not")); math.Abs(c-1) > 1e-6 {
		t.Errorf("Embed(can't) != Embed(ca not): cos = %v", c)
	}
	if c := cosine(emb("they'll go"), emb("they will go")); math.Abs(c-1) > 1e-6 {
		t.Errorf("Embed(they'll go) != Embed(they will go): cos = %v", c)
	}
	buf := make([]float32, 0, 100)
	if c := cosine(emb("soldier"), mustAppend(t, m, buf, "soldier")); math.Abs(c-1) > 1e-6 {
		t.Errorf("one-word Embed differs from Vector: cos = %v", c)
	}
}

// TestEmbedSublinearTF checks that a word written tf times counts 1 + ln tf
// times its SIF weight, not tf times: a list repeating "policy" must not
// drown the word written once beside it.
func TestEmbedSublinearTF(t *testing.T) {
	m := Builtin()
	ctx := context.Background()
	got, err := m.Embed(ctx, "policy people policy policy policy")
	if err != nil {
		t.Fatal(err)
	}
	sum := func(times float32) []float32 {
		v := make([]float32, m.dim)
		for _, w := range []struct {
			word  string
			times float32
		}{{"policy", times}, {"people", 1}} {
			u := mustAppend(t, m, nil, w.word)
			f := w.times * m.weight[m.index[w.word]]
			for k := range v {
				v[k] += f * u[k]
			}
		}
		n := float32(norm(v))
		for k := range v {
			v[k] /= n
		}
		return v
	}
	if c := cosine(got, sum(float32(1+math.Log(4)))); math.Abs(c-1) > 1e-5 {
		t.Errorf("Embed with 4 × policy: cos to the 1 + ln 4 weighting = %v, want 1", c)
	}
	if c := cosine(got, sum(4)); c > 0.999 {
		t.Errorf("Embed with 4 × policy: cos to the plain sum = %v, want it apart", c)
	}
	// Word order and a repeat's position do not matter.
	again, err := m.Embed(ctx, "policy policy people policy policy")
	if err != nil {
		t.Fatal(err)
	}
	if c := cosine(got, again); math.Abs(c-1) > 1e-6 {
		t.Errorf("order changes the embedding: cos = %v", c)
	}
}

func mustAppend(t *testing.T, m *WordVectors, dst []float32, w string) []float32 {
	v, ok := m.AppendVector(dst, w)
	if !ok {
		t.Fatalf("AppendVector(%q): unknown", w)
	}
	return v
}

func TestEmbedErrors(t *testing.T) {
	m := Builtin()
	for _, in := range []string{"", "zzqx qqzz", "  123 ?! ", strings.Repeat("zzqx ", 20)} {
		v, err := m.Embed(context.Background(), in)
		if !errors.Is(err, ErrNoKnownWords) || v != nil {
			t.Errorf("Embed(%q) = %v, %v; want nil, ErrNoKnownWords", in, v, err)
		}
		if err != nil && len(err.Error()) > len(ErrNoKnownWords.Error())+50 {
			t.Errorf("Embed(%q) error too long: %v", in, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Embed(ctx, "army"); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed with cancelled ctx: err = %v, want context.Canceled", err)
	}
}

func TestLoad(t *testing.T) {
	m, err := Load(bytes.NewReader(gloveBin))
	if err != nil {
		t.Fatalf("Load(glove.bin): %v", err)
	}
	b := Builtin()
	if m.Len() != b.Len() || m.Dim() != b.Dim() || m.Name() != b.Name() {
		t.Errorf("Load: %d×%d %q, Builtin: %d×%d %q", m.Len(), m.Dim(), m.Name(), b.Len(), b.Dim(), b.Name())
	}
	if s1, _ := m.Similarity("army", "troops"); s1 != func() float32 { s, _ := b.Similarity("army", "troops"); return s }() {
		t.Errorf("Load and Builtin disagree on Similarity(army, troops)")
	}

	flip := bytes.Clone(gloveBin)
	flip[len(flip)/2] ^= 1
	badVersion := bytes.Clone(gloveBin)
	badVersion[4] = 9
	for _, tc := range []struct {
		name, in, wantErr string
	}{
		{"empty", "", "empty input"},
		{"garbage", "hello, this is not a table at all", "bad magic"},
		{"short magic", "GV", "truncated"},
		{"header only", string(gloveBin[:30]), "truncated"},
		{"truncated half", string(gloveBin[:len(gloveBin)/2]), "truncated"},
		{"truncated by one", string(gloveBin[:len(gloveBin)-1]), "checksum"},
		{"bit flip", string(flip), "checksum"},
		{"version", string(badVersion), "unsupported version"},
	} {
		m, err := Load(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) || m != nil {
			t.Errorf("Load(%s) = %v, %v; want nil and an error containing %q", tc.name, m, err, tc.wantErr)
		}
	}
}

func TestHarmonic(t *testing.T) {
	for _, n := range []int{1, 2, 10, 99, 100, 1000, 341479} {
		var want float64
		for k := n; k >= 1; k-- {
			want += 1 / float64(k)
		}
		if got := harmonic(n); math.Abs(got-want) > 1e-9 {
			t.Errorf("harmonic(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestEmbedAllocs(t *testing.T) {
	m := Builtin()
	ctx := context.Background()
	a := testing.AllocsPerRun(50, func() { _, _ = m.Embed(ctx, "The army can't hold the river crossing, they'll say.") })
	if a != 1 {
		t.Errorf("Embed allocates %v times per call, want 1 (the result)", a)
	}
}

func BenchmarkEmbed(b *testing.B) {
	m := Builtin()
	ctx := context.Background()
	const q = "What does doctrine say about defending a river crossing tonight?" // 10 words
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Embed(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(gloveBin); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNearest(b *testing.B) {
	m := Builtin()
	b.ReportAllocs()
	for b.Loop() {
		m.Nearest("army", 10)
	}
}
