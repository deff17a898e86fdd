package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestSnapshotAnswersAsTheIndex writes the shared corpora's index as a snapshot, reads it
// back, and checks that it ranks every development question exactly as the index built from
// the texts does: the same hits in Hybrid and KeywordOnly mode, the same similarities in
// VectorOnly mode. (chromem-go orders equal similarities at random — the corpora hold
// passages with the same text — so VectorOnly and ReciprocalRankFusion may order tied
// passages differently from one search to the next, snapshot or not.)
func TestSnapshotAnswersAsTheIndex(t *testing.T) {
	ctx := context.Background()
	x := sharedCorpus(t)
	var buf bytes.Buffer
	if err := x.WriteSnapshot(&buf, "key 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSnapshot(ctx, buf.Bytes(), "key 2", IndexOptions{}); !errors.Is(err, ErrSnapshot) {
		t.Errorf("another key: got %v, want ErrSnapshot", err)
	}
	if _, err := ReadSnapshot(ctx, buf.Bytes()[:buf.Len()/2], "key 1", IndexOptions{}); !errors.Is(err, ErrSnapshot) {
		t.Errorf("truncated: got %v, want ErrSnapshot", err)
	}
	// A byte changed where no length or offset is (in the vectors, at 70 % of the file)
	// once changed answers silently: the checksum refuses it.
	damaged := slices.Clone(buf.Bytes())
	damaged[len(damaged)*7/10] ^= 0xFF
	if _, err := ReadSnapshot(ctx, damaged, "key 1", IndexOptions{}); !errors.Is(err, ErrSnapshot) || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a byte changed: got %v, want ErrSnapshot for its checksum", err)
	}
	y, err := ReadSnapshot(ctx, slices.Clone(buf.Bytes()), "key 1", IndexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(x.bm25, y.bm25) || !reflect.DeepEqual(x.analysis, y.analysis) || !reflect.DeepEqual(x.words, y.words) ||
		!slices.Equal(x.vectors.data, y.vectors.data) || !slices.Equal(x.common, y.common) ||
		!slices.Equal(x.termRows, y.termRows) || !slices.Equal(x.termMat.data, y.termMat.data) || !reflect.DeepEqual(x.termVecs, y.termVecs) {
		t.Error("the snapshot's index differs from the one written")
	}
	if !reflect.DeepEqual(x.Documents(), y.Documents()) || x.DocumentCount() != len(x.Documents()) || y.DocumentCount() != len(y.Documents()) {
		t.Error("the snapshot's documents differ from the ones written")
	}
	var questions []EvalQuestion
	for _, f := range []string{filepath.Join(shared, "eval/seed-dev.jsonl"), filepath.Join(shared, "eval/public-dev.jsonl"), "testdata/offtopic.jsonl"} {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := ReadQuestions(fh, f)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		questions = append(questions, qs...)
	}
	for _, mode := range []Mode{Hybrid, KeywordOnly, VectorOnly} {
		for _, q := range questions {
			want, err1 := x.Search(ctx, q.Question, 10, mode)
			got, err2 := y.Search(ctx, q.Question, 10, mode)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if mode == VectorOnly {
				sims := func(hits []Hit) (out []float64) {
					for _, h := range hits {
						out = append(out, h.Vector)
					}
					return out
				}
				if !slices.Equal(sims(got), sims(want)) {
					t.Errorf("%s %q: the snapshot's similarities differ", mode, q.Question)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q: the snapshot ranks differently", mode, q.Question)
			}
		}
	}
}

// TestTFCode checks that every weight a term frequency sums is a multiple of ½, so that
// tfCode stores frequencies exactly, and that it does.
func TestTFCode(t *testing.T) {
	for _, w := range []float32{1, questionWeight, headingWeight} {
		if 2*w != float32(int(2*w)) {
			t.Errorf("weight %v is not a multiple of ½: tfCode would round it", w)
		}
	}
	for _, tt := range []struct {
		tf   float32
		want uint16
	}{{0.5, 1}, {1, 2}, {3.5, 7}, {96, 192}, {32767.5, 65535}, {40000, 65535}} {
		if got := tfCode(tt.tf); got != tt.want {
			t.Errorf("tfCode(%v) = %d, want %d", tt.tf, got, tt.want)
		}
	}
}

// TestNarrow checks that a narrow sequence takes 16 bits a value exactly when they all fit,
// and gives its values back.
func TestNarrow(t *testing.T) {
	for _, tt := range []struct {
		values []int32
		wide   bool
	}{
		{nil, false},
		{[]int32{0, 7, 65535}, false},
		{[]int32{0, 65536}, true},
		{[]int32{3, -1}, true},
	} {
		v := narrowOf(slices.Clone(tt.values))
		if got := v.i32 != nil; got != tt.wide {
			t.Errorf("narrowOf(%v) holds 32 bits: %v, want %v", tt.values, got, tt.wide)
		}
		if got := v.appendTo(nil, 0, v.len()); !slices.Equal(got, tt.values) {
			t.Errorf("narrowOf(%v) gives back %v", tt.values, got)
		}
	}
}

// BenchmarkReadSnapshotManyTerms reads the snapshot of a text of 500,000 distinct numbered
// tokens ("w0.", "w1.", …), the shape of text (logs, ID lists) whose every word is a term:
// reading it built a Go map of its terms and another of its words, 4.6 of the 7.3 s an answer
// took from the snapshot of a 45 MB such file (4.2 million terms); the terms and words are
// now found through idTables (stringTable), which hash them in one pass. Report: ns/op, B/op.
func BenchmarkReadSnapshotManyTerms(b *testing.B) {
	var text strings.Builder
	for i := range 500_000 {
		fmt.Fprintf(&text, "w%d.\n\n", i)
	}
	doc, err := corpus.Parse("tokens.txt", []byte(text.String()), corpus.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	x, err := NewIndex(context.Background(), []*corpus.Document{doc}, IndexOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.WriteSnapshot(&buf, "k"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadSnapshot(context.Background(), buf.Bytes(), "k", IndexOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
