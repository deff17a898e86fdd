package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
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
	// words maps each surface word of the corpus to its index term, for spelling correction.
	words map[string]string
	// termVecs holds the unit word vector of each index term the model knows, by term ID (nil
	// where unknown), for soft matching of query terms.
	termVecs [][]float32

	collection *chromem.Collection
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
		text := x.an.tokens(p.Text)
		for _, t := range text {
			if t.term != "" {
				x.words[t.word] = t.term
			}
		}
		x.bm25.add(termsOf(text), x.an.terms(p.Title+" "+p.Section()))
	}
	x.bm25.finish()
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

func termsOf(toks []token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.term != "" {
			out = append(out, t.term)
		}
	}
	return out
}

// embeddingText is what is embedded for a passage: its title, section and text.
func embeddingText(p *corpus.Passage) string {
	return p.Title + ". " + p.Section() + ". " + p.Text
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
				v, err := opts.Embed(ctx, embeddingText(p))
				if errors.Is(err, embeddings.ErrNoKnownWords) {
					v, err = make([]float32, x.model.Dim()), nil
					v[0] = 1 // a passage of unknown words: any unit vector; BM25 still finds it
				}
				if err != nil {
					errs <- fmt.Errorf("bot: embed passage %s: %w", p.ID, err)
					return
				}
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
