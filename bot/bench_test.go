package bot

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// Scale benchmarks: retrieval over the first 1,000, 10,000, 100,000 and 141,895 passages of
// the US Code (../shared/corpus/scale/uscode-chunks.tar.xz, unpacked and split once per run;
// DOCTRINEBOT_BENCH_USCODE names a folder where it is already unpacked) and over all of it
// (309,184 passages), with the development questions. Each sub-benchmark times one step per
// question, cycling through the questions:
//
//	embed      embedding the question (the built-in model), common component removed
//	parse      analysing the question: terms, spelling, WordNet and GloVe expansion
//	bm25       expanded BM25F over the postings, the 100 best kept
//	scan       the index's vector search: one pass over its matrix, 50 best
//	chromem    anchor: chromem-go's Collection.QueryEmbedding on the same vectors, 50 best
//	dotscan    anchor: a plain single-pass dot product of the question with every row of a
//	           contiguous float32 matrix, on one core (the memory-bandwidth bound)
//	fusion     fusing the candidates (evidence, form, proximity) and composing the answer
//	ask        a whole Answer; p50-ms and p99-ms over the questions
//
//	go test ./bot -run '^$' -bench Scale -benchtime 100x -timeout 30m
//
// `go run ./cmd/doctrinebench` runs them with the ingest and cold-start measurements and
// prints the table of docs/benchmarks.md.
func BenchmarkScale(b *testing.B) {
	docs := usCode(b)
	questions := benchQuestions(b)
	total := 0
	for _, d := range docs {
		total += len(d.Passages)
	}
	for _, n := range []int{1000, 10000, 100000, 141895, total} {
		if n > total {
			continue
		}
		var x *Index
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			if x == nil {
				var err error
				if x, err = NewIndex(context.Background(), firstPassages(docs, n), IndexOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			benchIndex(b, x, questions)
		})
	}
}

// BenchmarkHyponymTerms times building the map from a lemma to the index terms it is a
// WordNet hypernym of (see Index.hyponymTerms) over the index terms of the first 141,895
// passages of the US Code, as the first question does:
//
//	go test ./bot -run '^$' -bench HyponymTerms -benchtime 3x
func BenchmarkHyponymTerms(b *testing.B) {
	x, err := NewIndex(context.Background(), firstPassages(usCode(b), 141895), IndexOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		x.hyponymsOnce = sync.Once{}
		x.hyponymTerms("house")
	}
	b.ReportMetric(float64(len(x.hyponyms)), "lemmas")
}

// BenchmarkHeadingNumbers times reading the table of the headings' numbers and their unit
// words (see Index.numberedAs) from the first 141,895 passages of the US Code, as the first
// question naming a unit by its number does:
//
//	go test ./bot -run '^$' -bench HeadingNumbers -benchtime 3x
func BenchmarkHeadingNumbers(b *testing.B) {
	x, err := NewIndex(context.Background(), firstPassages(usCode(b), 141895), IndexOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		x.readHeadingNumbers()
	}
	b.ReportMetric(float64(len(x.numberUnits)), "numbers")
}

// BenchmarkUnitHeadings times building the table of the headings that number a unit, with
// their terms (see Index.unitHeadingsOnce), from the first 141,895 passages of the US Code, as
// the first question naming a law or a unit by its number does, and then finding the units a
// question numbers (see Index.numberedPassages), as each such question does:
//
//	go test ./bot -run '^$' -bench UnitHeadings -benchtime 3x
func BenchmarkUnitHeadings(b *testing.B) {
	x, err := NewIndex(context.Background(), firstPassages(usCode(b), 141895), IndexOptions{})
	if err != nil {
		b.Fatal(err)
	}
	q := x.parseQuery("What does section 113 say?")
	b.Run("table", func(b *testing.B) {
		for range b.N {
			x.unitOnce = sync.Once{}
			x.unitHeadings, x.unitPassages, x.unitHeadingTerms = nil, nil, nil
			x.unitHeadingsOnce()
		}
		b.ReportMetric(float64(len(x.unitHeadings)), "headings")
	})
	b.Run("numbered", func(b *testing.B) {
		n := 0
		for range b.N {
			n = len(x.numberedPassages(q, candidates))
		}
		b.ReportMetric(float64(n), "passages")
	})
}

// BenchmarkAcronymTable times building the acronym table (see Index.acronyms) from the first
// 141,895 passages of the US Code, as the first question holding an acronym does:
//
//	go test ./bot -run '^$' -bench AcronymTable -benchtime 3x
func BenchmarkAcronymTable(b *testing.B) {
	var passages []*corpus.Passage
	for _, d := range firstPassages(usCode(b), 141895) {
		for i := range d.Passages {
			passages = append(passages, &d.Passages[i])
		}
	}
	x := &Index{lex: lexicon.Builtin()}
	b.ResetTimer()
	for range b.N {
		newAcronymTable(passages, x.isCommonWord)
	}
	b.ReportMetric(float64(len(passages)), "passages")
}

func benchIndex(b *testing.B, x *Index, questions []string) {
	ctx := context.Background()
	qs := make([]*query, len(questions))
	qvs := make([][]float32, len(questions))
	for i, text := range questions {
		qs[i] = x.parseQuery(text)
		qvs[i], _ = x.embedQuestion(ctx, text)
		if qvs[i] == nil {
			qvs[i] = make([]float32, x.vectors.dim)
		}
	}
	col, err := x.Collection(ctx)
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, f func(i int)) {
		b.Run(name, func(b *testing.B) {
			for i := range b.N {
				f(i % len(questions))
			}
		})
	}
	run("embed", func(i int) { x.embedQuestion(ctx, questions[i]) })
	run("parse", func(i int) { x.parseQuery(questions[i]) })
	run("bm25", func(i int) {
		ks := x.keywordScores(qs[i], true)
		x.ranked(ks, candidates)
		ks.release()
	})
	run("scan", func(i int) { x.vectors.nearest(qvs[i], candidates/2) })
	run("chromem", func(i int) {
		if _, err := col.QueryEmbedding(ctx, qvs[i], candidates/2, nil, nil); err != nil {
			b.Fatal(err)
		}
	})
	out := make([]float32, x.vectors.rows())
	run("dotscan", func(i int) {
		for r := range out {
			out[r] = dot(qvs[i], x.vectors.row(r))
		}
	})
	sets := make([]candidateSet, len(questions))
	for i, q := range qs {
		if sets[i], err = x.candidates(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	run("fusion", func(i int) {
		q := *qs[i] // with empty caches, as a new question has
		q.aligned, q.slot, q.mark, q.gen = nil, nil, nil, 0
		hits := x.fuse(&q, sets[i])
		if len(hits) > 0 && x.unsupported(&q, hits[0].Passage, MinCoverage) == "" {
			x.lead(&q, hits[0].Passage)
		}
	})
	for _, c := range sets {
		c.scores.release()
	}
	b.Run("ask", func(b *testing.B) {
		a := &Answerer{Index: x}
		took := make([]time.Duration, 0, b.N)
		for i := range b.N {
			start := time.Now()
			if _, err := a.Answer(ctx, questions[i%len(questions)], 1); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Nanoseconds())/1e6, "p50-ms")
		b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)].Nanoseconds())/1e6, "p99-ms")
	})
}

// firstPassages returns the documents holding the first n passages of docs, the last one cut.
func firstPassages(docs []*corpus.Document, n int) []*corpus.Document {
	var out []*corpus.Document
	for _, d := range docs {
		if n <= 0 {
			break
		}
		c := *d
		c.Passages = d.Passages[:min(n, len(d.Passages))]
		n -= len(c.Passages)
		out = append(out, &c)
	}
	return out
}

var (
	usCodeOnce sync.Once
	usCodeDocs []*corpus.Document
	usCodeErr  error
)

// usCode returns the US Code's documents, read once; it skips the benchmark when the archive
// is absent.
func usCode(b *testing.B) []*corpus.Document {
	dir := os.Getenv("DOCTRINEBOT_BENCH_USCODE")
	archive := filepath.Join(shared, "corpus/scale/uscode-chunks.tar.xz")
	if dir == "" {
		if _, err := os.Stat(archive); err != nil {
			b.Skipf("US Code archive absent: %v", err)
		}
	}
	usCodeOnce.Do(func() {
		if dir == "" {
			tmp, err := os.MkdirTemp("", "uscode")
			if err != nil {
				usCodeErr = err
				return
			}
			defer os.RemoveAll(tmp)
			if out, err := exec.Command("tar", "-xJf", archive, "-C", tmp).CombinedOutput(); err != nil {
				usCodeErr = fmt.Errorf("unpack: %v: %s", err, out)
				return
			}
			dir = tmp
		}
		usCodeDocs, usCodeErr = corpus.Load([]string{dir}, func(error) {})
	})
	if usCodeErr != nil {
		b.Fatal(usCodeErr)
	}
	return usCodeDocs
}

// benchQuestions returns the development and off-topic questions.
func benchQuestions(b *testing.B) []string {
	var out []string
	for _, f := range []string{filepath.Join(shared, "eval/seed-dev.jsonl"), filepath.Join(shared, "eval/public-dev.jsonl"), "testdata/offtopic.jsonl"} {
		fh, err := os.Open(f)
		if err != nil {
			b.Skipf("questions absent: %v", err)
		}
		qs, err := ReadQuestions(fh, f)
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range qs {
			out = append(out, q.Question)
		}
	}
	return out
}
