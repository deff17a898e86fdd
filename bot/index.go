package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/philippgille/chromem-go"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// EmbeddingFunc turns a text into a unit-length vector. It has the shape of chromem-go's
// EmbeddingFunc; embeddings.WordVectors.Embed is one.
type EmbeddingFunc func(ctx context.Context, text string) ([]float32, error)

// ErrNoPassages means an index was asked to hold no passage.
var ErrNoPassages = errors.New("bot: no passages to index")

// Index holds a corpus's passages for retrieval: a chromem-go collection of their embeddings
// for vector search, and a BM25F inverted index of their terms (text, and heading path with the
// document title as a second field) for keyword search. It is safe for concurrent searches once
// built; it is never modified after NewIndex.
type Index struct {
	passages []*corpus.Passage
	byID     map[string]int
	docs     []*corpus.Document

	an    *analyzer
	lex   *lexicon.Lexicon
	model *embeddings.WordVectors
	embed EmbeddingFunc

	bm25 *bm25Index
	// info holds each passage's sentences and their terms, by passage number.
	info []passageInfo
	// words maps each surface word of the corpus to its index term, for spelling correction.
	words map[string]string
	// termVecs holds the unit word vector of each index term the model knows, by term ID (nil
	// where unknown), for soft matching of query terms.
	termVecs [][]float32

	collection *chromem.Collection
	// harmonic is the harmonic number of the model's vocabulary size, for Zipf's law.
	harmonic float64
	// common is the first principal direction of the passage embeddings, removed from every
	// embedding (passages and questions) as in SIF's second step.
	common []float32
}

// IndexOptions configures NewIndex. The zero value uses the built-in models and no logging.
type IndexOptions struct {
	// Model gives word vectors for query expansion and, when Embed is nil, passage embeddings;
	// nil means embeddings.Builtin().
	Model *embeddings.WordVectors
	// Lexicon gives word forms and paraphrases; nil means lexicon.Builtin().
	Lexicon *lexicon.Lexicon
	// Embed embeds passages and questions for vector search; nil means Model.Embed.
	Embed EmbeddingFunc
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
	// Progress, if set, is called with the number of passages embedded so far and the total.
	Progress func(done, total int)
	// Vectors, if set, gives a passage's stored embedding (of EmbeddingText, by Embed), so
	// that a library on disk is not embedded again; a passage it has none for is embedded.
	Vectors func(p *corpus.Passage) ([]float32, bool)
}

// NewIndex indexes the passages of docs. It embeds every passage (title, section and text)
// with opts.Embed, in parallel on all cores. Errors: ErrNoPassages when docs hold none; an
// embedding error, wrapped with the passage ID; ctx's error when it is cancelled.
func NewIndex(ctx context.Context, docs []*corpus.Document, opts IndexOptions) (*Index, error) {
	if opts.Model == nil {
		opts.Model = embeddings.Builtin()
	}
	if opts.Lexicon == nil {
		opts.Lexicon = lexicon.Builtin()
	}
	if opts.Embed == nil {
		opts.Embed = opts.Model.Embed
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	x := &Index{
		byID:  map[string]int{},
		docs:  docs,
		an:    newAnalyzer(opts.Lexicon),
		lex:   opts.Lexicon,
		model: opts.Model,
		embed: opts.Embed,
		bm25:  newBM25Index(),
		words: map[string]string{},
	}
	for _, d := range docs {
		for i := range d.Passages {
			p := &d.Passages[i]
			x.byID[p.ID] = len(x.passages)
			x.passages = append(x.passages, p)
		}
	}
	if len(x.passages) == 0 {
		return nil, ErrNoPassages
	}
	start := time.Now()
	for _, p := range x.passages {
		counts := map[string]float32{}
		var length float32
		for _, s := range corpus.Sentences(p.Text) {
			text := p.Text[s.Start:s.End]
			w := float32(1)
			if isQuestion(text) {
				w = questionWeight
			}
			for _, t := range x.an.tokens(text) {
				if t.term != "" {
					x.words[t.word] = t.term
					counts[t.term] += w
					length += w
				}
			}
		}
		x.bm25.add(counts, length, x.an.terms(headingText(p)))
	}
	x.bm25.finish()
	x.harmonic = math.Log(float64(x.model.Vocabulary())) + 0.5772156649 // H_n ≈ ln n + γ
	x.info = make([]passageInfo, len(x.passages))
	for i, p := range x.passages {
		x.info[i] = x.analysePassage(p)
	}
	x.termVecs = make([][]float32, len(x.bm25.terms))
	for id, t := range x.bm25.terms {
		if v, ok := x.model.Vector(t); ok {
			x.termVecs[id] = v
		}
	}
	if err := x.buildCollection(ctx, opts); err != nil {
		return nil, err
	}
	opts.Logger.Debug("index built", "passages", len(x.passages), "terms", len(x.bm25.terms), "took", time.Since(start))
	return x, nil
}

// headingText is the heading field of a passage: its two innermost headings. Outer headings
// repeat over whole chapters or codes and say little about one passage; a heading that asks a
// question ("What is the security sector?") introduces its answer elsewhere and is left out.
func headingText(p *corpus.Passage) string {
	h := p.Headings
	if len(h) > 2 {
		h = h[len(h)-2:]
	}
	var out []string
	for _, s := range h {
		if !isQuestion(s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// EmbeddingText is what is embedded for a passage: its title, heading field (see
// headingText) and text, joined by ". ".
func EmbeddingText(p *corpus.Passage) string {
	return p.Title + ". " + headingText(p) + ". " + p.Text
}

// EmbedPassage embeds a passage's EmbeddingText with embed. A passage with no word the
// model knows (embeddings.ErrNoKnownWords) gets the first unit vector of dimension dim: vector
// search then ignores it and keyword search still finds it. Other errors are wrapped with the
// passage ID.
func EmbedPassage(ctx context.Context, embed EmbeddingFunc, dim int, p *corpus.Passage) ([]float32, error) {
	v, err := embed(ctx, EmbeddingText(p))
	if errors.Is(err, embeddings.ErrNoKnownWords) {
		v, err = make([]float32, dim), nil
		v[0] = 1
	}
	if err != nil {
		return nil, fmt.Errorf("bot: embed passage %s: %w", p.ID, err)
	}
	return v, nil
}

// buildCollection embeds the passages and adds them to an in-memory chromem-go collection
// with an explicit embedding function (chromem-go given nil would call a remote service).
func (x *Index) buildCollection(ctx context.Context, opts IndexOptions) error {
	db := chromem.NewDB()
	col, err := db.CreateCollection("passages", nil, chromem.EmbeddingFunc(opts.Embed))
	if err != nil {
		return fmt.Errorf("bot: create collection: %w", err)
	}
	n := len(x.passages)
	ids := make([]string, n)
	vecs := make([][]float32, n)
	contents := make([]string, n)
	workers := runtime.GOMAXPROCS(0)
	errs := make(chan error, workers)
	next := make(chan int)
	done := make(chan struct{}, n)
	for w := 0; w < workers; w++ {
		go func() {
			for i := range next {
				p := x.passages[i]
				v, ok := []float32(nil), false
				if opts.Vectors != nil {
					v, ok = opts.Vectors(p)
				}
				if !ok {
					var err error
					if v, err = EmbedPassage(ctx, opts.Embed, x.model.Dim(), p); err != nil {
						errs <- err
						return
					}
				}
				v = slices.Clone(v) // the index normalises and projects its own copy
				ids[i], vecs[i], contents[i] = strconv.Itoa(i), v, p.ID
				done <- struct{}{}
			}
			errs <- nil
		}()
	}
	go func() {
		defer close(next)
		for i := 0; i < n; i++ {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	finished, embedded := 0, 0
	var firstErr error
	for finished < workers {
		select {
		case err := <-errs:
			finished++
			if err != nil && firstErr == nil {
				firstErr = err
			}
		case <-done:
			embedded++
			if opts.Progress != nil {
				opts.Progress(embedded, n)
			}
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if n >= minPassagesForCommon {
		x.common = commonComponent(vecs)
	}
	for _, v := range vecs {
		x.removeCommon(v)
	}
	if err := col.AddConcurrently(ctx, ids, vecs, nil, contents, workers); err != nil {
		return fmt.Errorf("bot: add passages to collection: %w", err)
	}
	x.collection = col
	return nil
}

// Len returns the number of passages indexed.
func (x *Index) Len() int { return len(x.passages) }

// Documents returns the indexed documents, in the order given to NewIndex.
func (x *Index) Documents() []*corpus.Document { return x.docs }

// Passage returns the passage with the given ID, or nil.
func (x *Index) Passage(id string) *corpus.Passage {
	if i, ok := x.byID[strings.ToLower(strings.TrimSpace(id))]; ok {
		return x.passages[i]
	}
	return nil
}

// minPassagesForCommon is the fewest passages from which the common component is estimated:
// in a handful of passages the first principal direction is their shared topic, not the
// common direction of all text, and removing it would remove what they are about.
const minPassagesForCommon = 200

// commonComponent returns the first right singular vector of the matrix whose rows are vecs,
// by 50 rounds of power iteration: the direction all embeddings share, which SIF removes
// (Arora, Liang & Ma 2017, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings",
// algorithm 1, step 2). Nil when vecs is empty.
func commonComponent(vecs [][]float32) []float32 {
	if len(vecs) == 0 {
		return nil
	}
	dim := len(vecs[0])
	u := make([]float32, dim)
	for _, v := range vecs {
		for i := range u {
			u[i] += v[i]
		}
	}
	next := make([]float32, dim)
	for round := 0; round < 50; round++ {
		if !normalize(u) {
			return nil
		}
		clear(next)
		for _, v := range vecs {
			d := dot(v, u)
			for i := range next {
				next[i] += d * v[i]
			}
		}
		u, next = next, u
	}
	if !normalize(u) {
		return nil
	}
	return u
}

// removeCommon subtracts v's projection on the common component and renormalises v in place.
func (x *Index) removeCommon(v []float32) {
	if x.common == nil {
		return
	}
	d := dot(v, x.common)
	for i := range v {
		v[i] -= d * x.common[i]
	}
	normalize(v)
}

// normalize scales v to unit length; false when v is zero.
func normalize(v []float32) bool {
	var s float64
	for _, f := range v {
		s += float64(f) * float64(f)
	}
	if s == 0 {
		return false
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
	return true
}

// Context returns the passage with the given ID and up to n passages before and after it in
// its document, in reading order; nil when no passage has that ID.
func (x *Index) Context(id string, n int) []*corpus.Passage {
	p := x.Passage(id)
	if p == nil {
		return nil
	}
	for _, d := range x.docs {
		if d.ID != p.DocumentID {
			continue
		}
		from, to := max(p.Index-n, 0), min(p.Index+n+1, len(d.Passages))
		out := make([]*corpus.Passage, 0, to-from)
		for i := from; i < to; i++ {
			out = append(out, &d.Passages[i])
		}
		return out
	}
	return []*corpus.Passage{p}
}
