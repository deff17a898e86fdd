package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	// ids finds a passage's number by its ID.
	ids idTable
	// docStart[d] is document d's first passage number; len(docStart) is documents+1.
	docStart []int32
	// docs holds the documents. An index read from a snapshot makes them on the first call
	// of Documents, with makeDocs: answering does not need them.
	docs     []*corpus.Document
	docsOnce sync.Once
	makeDocs func() []*corpus.Document

	an    *analyzer
	lex   *lexicon.Lexicon
	model *embeddings.WordVectors
	embed EmbeddingFunc
	// remoteEmbed is IndexOptions.RemoteEmbed.
	remoteEmbed bool

	bm25 *bm25Index
	// analysis holds each passage's sentences and their terms, by passage number.
	analysis analysis
	// words holds each surface word of the corpus, sorted, and wordTerms its index term's ID,
	// for spelling correction (see termOfWord).
	words     stringTable
	wordTerms []int32
	// termVecs holds the unit word vector of each index term the model knows, by term ID (nil
	// where unknown), for soft matching of query terms; the vectors are rows of termMat, whose
	// row r is the vector of term termRows[r].
	termVecs [][]float32
	termMat  matrix
	termRows []int32

	collection *chromem.Collection
	// vectors holds the passage embeddings as the collection holds them (common component
	// removed, unit length), row i for passage i; the collection's documents share its rows.
	vectors matrix
	// harmonic is the harmonic number of the model's vocabulary size, for Zipf's law.
	harmonic float64
	// common is the first principal direction of the passage embeddings, removed from every
	// embedding (passages and questions) as in SIF's second step.
	common []float32
	// collectionOnce starts filling collection on the first call of Collection;
	// collectionDone is closed once it is filled, or collectionErr set.
	collectionOnce sync.Once
	collectionDone chan struct{}
	collectionErr  error
	// meta holds the documents' titles and authors for questions that name them; built on
	// first use by metadata.
	meta     *docMeta
	metaOnce sync.Once
	// acronymTab maps the initials of the corpus's capitalised names to them; built on first
	// use by acronyms.
	acronymTab  acronymTable
	acronymOnce sync.Once
	// headTerms holds the index terms of every passage's heading field; built on first use by
	// headingTerm.
	headTerms     map[int32]bool
	headTermsOnce sync.Once
	// numberUnits holds, for each number term of a heading, the terms headings write right
	// before it ("": none), and unitTerms those terms; built on first use by numberedAs.
	numberUnits   map[string][]string
	unitTerms     map[string]bool
	unitTermsOnce sync.Once
	// fieldShares caches fieldShare by word (string → float64).
	fieldShares sync.Map
	// bylineScopes caches bylineScope by term ID (int32 → passageScope).
	bylineScopes sync.Map
	// commentary maps the number of each document that comments on another of the corpus
	// to that one's passages; built on first use by commentaries.
	commentary     map[int]passageRange
	commentaryOnce sync.Once
	// inflected maps a lemma to the index terms that are its forms but lemmas of their own
	// (see inflectedTerms); built on first use.
	inflected     map[string][]string
	inflectedOnce sync.Once
	// hyponyms maps a lemma to the index terms whose WordNet hypernyms it is (see
	// hyponymTerms); built on first use.
	hyponyms     map[string][]string
	hyponymsOnce sync.Once
	// unitHeadings holds the corpus's distinct headings that number a unit or a section, the
	// headings a law's name can name (see titleNames), in their order; built on first use by
	// unitHeadingsOnce.
	unitHeadings []string
	unitOnce     sync.Once
	// unitPassages maps each of unitHeadings to the numbers of the passages under it,
	// ascending.
	unitPassages map[string][]int32
	// unitHeadingTerms maps each of unitHeadings to its index term IDs in order (-1 for a
	// term the index lacks), for numberedPassages.
	unitHeadingTerms map[string][]int32
	// signedSections and wordSections hold the section numbers that headings write after
	// "§" and after "Section" (see sectionSigns); built on first use.
	signedSections, wordSections map[string]bool
	sectionNumbersOnce           sync.Once
	// sectionTitles maps the first word of each section heading's title (see headingTitle)
	// to those headings; built on first use by titledPassages.
	sectionTitles     map[string][]string
	sectionTitlesOnce sync.Once
	// unitTitleOf caches unitTitle by heading (string → string).
	unitTitleOf sync.Map
	// hypernyms caches hypernymsOf by lemma (string → []string).
	hypernyms sync.Map
	// titles caches headingTitle by heading (string → []string); headings are as many as
	// the sections of the corpus, and shared by their passages.
	titles sync.Map
	// fieldShareCount counts the words stored in fieldShares, up to maxFieldShares.
	fieldShareCount atomic.Int64
	// timings records how long the steps of building took, for the log.
	timings struct{ vectors, common time.Duration }
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
	// RemoteEmbed says that Embed calls a model over the network: a question then embeds
	// only itself, not also each candidate passage's best window of sentences, as it does
	// with a local model (see windowVectorShare), which would ask the model once per
	// candidate.
	RemoteEmbed bool
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
	// Progress, if set, is called with the number of passages embedded so far and the total.
	Progress func(done, total int)
	// Vectors, if set, gives a passage's stored embedding (of EmbeddingText, by Embed), so
	// that a library on disk is not embedded again; a passage it has none for is embedded.
	Vectors func(p *corpus.Passage) ([]float32, bool)
	// Release, if set, is given by ReadSnapshot the part of the snapshot's data that only
	// building the index reads (16 MB of the US Code's), once the index is built, so that the
	// caller may drop it from memory (see library.Library.ReleaseSnapshot). The index reads
	// it again only to make Documents.
	Release func(data []byte)
}

// NewIndex indexes the passages of docs: it analyses them (see Index.analyse) and embeds
// every passage (title, section and text) with opts.Embed, both in parallel on all cores,
// with the same result on any number of cores; the chromem-go collection is filled when first
// used (see Index.Collection). Errors: ErrNoPassages when docs hold none; an embedding
// error, wrapped with the passage ID; ctx's error when it is cancelled.
func NewIndex(ctx context.Context, docs []*corpus.Document, opts IndexOptions) (*Index, error) {
	opts = opts.withDefaults()
	x := newIndex(opts)
	x.docs = docs
	x.docStart = make([]int32, 0, len(docs)+1)
	for _, d := range docs {
		x.docStart = append(x.docStart, int32(len(x.passages)))
		for i := range d.Passages {
			x.passages = append(x.passages, &d.Passages[i])
		}
	}
	x.docStart = append(x.docStart, int32(len(x.passages)))
	if len(x.passages) == 0 {
		return nil, ErrNoPassages
	}
	x.ids = newIDTable(len(x.passages), func(i int) string { return x.passages[i].ID })
	start := time.Now()
	x.analyse()
	analysed := time.Now()
	x.harmonic = harmonicOf(x.model)
	x.termVectors()
	if err := x.embedPassages(ctx, opts); err != nil {
		return nil, err
	}
	opts.Logger.Debug("index built", "passages", len(x.passages), "terms", len(x.bm25.terms), "took", time.Since(start),
		"analysis", analysed.Sub(start), "vectors", x.timings.vectors, "common", x.timings.common)
	return x, nil
}

// newIndex returns an empty index with the models of opts (see IndexOptions.withDefaults).
func newIndex(opts IndexOptions) *Index {
	return &Index{
		an:          newAnalyzer(opts.Lexicon),
		lex:         opts.Lexicon,
		model:       opts.Model,
		embed:       opts.Embed,
		remoteEmbed: opts.RemoteEmbed,
		// The collection is filled on first use (see Collection): only VectorOnly and
		// reciprocal-rank-fusion searches use it, and its documents (one per passage, with
		// IDs and maps) would hold tens of megabytes of a large library for nothing.
		collectionDone: make(chan struct{}),
	}
}

// harmonicOf returns the harmonic number of the model's vocabulary size, for Zipf's law:
// H_n ≈ ln n + γ.
func harmonicOf(m *embeddings.WordVectors) float64 {
	return math.Log(float64(m.Vocabulary())) + 0.5772156649
}

// headingText is the heading field of a passage: its two innermost headings. Outer headings
// repeat over whole chapters or codes and say little about one passage; a heading that asks a
// question ("What is the security sector?") introduces its answer elsewhere and is left out, and
// so is a section label (see corpus.IsSectionLabel).
func headingText(p *corpus.Passage) string {
	h := p.Headings
	if n := len(h); n > 1 && corpus.IsSectionLabel(h[n-1]) {
		// "Section 4", which the splitter made of the text's "SECTION. 4." for citations,
		// is a number the text writes: as heading words it drew "the Third Amendment" to
		// every section 3 and the passage's vector toward every other section.
		h = h[:n-1]
	}
	if len(h) > 2 {
		inner := h[len(h)-2:]
		h = inner
		if !slices.ContainsFunc(inner, numbersSomething) {
			for i := len(p.Headings) - 3; i >= 0; i-- {
				if corpus.NumbersUnit(p.Headings[i]) {
					h = append([]string{p.Headings[i]}, inner...)
					break
				}
			}
		}
	}
	var out []string
	for _, s := range h {
		if !isQuestion(s) {
			out = append(out, headingNumeral.ReplaceAllString(s, "${1}1${2}"))
		}
	}
	return strings.Join(out, " ")
}

// numbersSomething reports whether a heading numbers its part of the text: a digit ("§ 113.
// Secretary of Defense") or a numbered unit such as "ARTICLE IV" (see corpus.NumbersUnit).
func numbersSomething(heading string) bool {
	return corpus.NumbersUnit(heading) || strings.ContainsAny(heading, "0123456789")
}

// headingNumeral matches the Roman numeral I numbering a heading's unit ("AMENDMENT I",
// "Chapter I. LAYING PLANS", "ARTICLE I"): a capital I after a word, at the heading's end
// or before punctuation. Read as a word it is the stopword "I", so headingText writes it 1,
// which "the First Amendment" and "Article 1" find (see numberForms). The other numerals
// are index terms as written.
var headingNumeral = regexp.MustCompile(`(\pL\.?\s+)I(\s*$|[.:,;)\x{2014}\x{2013}-])`)

// EmbeddingText is what is embedded for a passage: its title, heading field (see
// headingText) and text, joined by ". ".
func EmbeddingText(p *corpus.Passage) string {
	return embeddingPrefix(p) + p.Text
}

// embeddingPrefix is what EmbeddingText puts before a passage's text: its title and headings.
func embeddingPrefix(p *corpus.Passage) string {
	return p.Title + ". " + headingText(p) + ". "
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

// embedPassages embeds the passages (or takes their stored vectors), removes the common
// component and keeps them, as the collection will hold them, in x.vectors.
func (x *Index) embedPassages(ctx context.Context, opts IndexOptions) error {
	begin := time.Now()
	n := len(x.passages)
	vecs := make([][]float32, n)
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
				vecs[i] = v // copied into the index's matrix
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
	// A worker's last passages may still wait in done when its errs arrives: report them, so
	// that progress ends at n of n.
	for len(done) > 0 {
		<-done
		embedded++
		if opts.Progress != nil {
			opts.Progress(embedded, n)
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	dim := len(vecs[0])
	m := matrix{data: make([]float32, n*dim), dim: dim}
	for i, v := range vecs {
		if len(v) != dim {
			return fmt.Errorf("bot: embedding of passage %s has %d values, not %d", x.passages[i].ID, len(v), dim)
		}
		copy(m.row(i), v)
	}
	t0 := time.Now()
	if n >= minPassagesForCommon {
		x.common = commonComponent(m)
	}
	t1 := time.Now()
	parallelRows(n, func(from, to int) {
		for i := from; i < to; i++ {
			v := m.row(i)
			x.removeCommon(v)
			asChromemStores(v)
		}
	})
	x.vectors = m
	x.timings.vectors, x.timings.common = t0.Sub(begin)+time.Since(t1), t1.Sub(t0)
	return nil
}

// Collection returns the chromem-go collection holding the passage vectors, documents with
// the passage number as ID and the passage ID as content. The first call fills it, on one
// core, with an explicit embedding function (chromem-go given nil would call a remote
// service); it and later calls wait until it is filled. Cancelling ctx stops the wait, not
// the filling. Errors: ctx's; an error filling it.
func (x *Index) Collection(ctx context.Context) (*chromem.Collection, error) {
	x.collectionOnce.Do(func() {
		ctx := context.WithoutCancel(ctx)
		go func() {
			defer close(x.collectionDone)
			col, err := chromem.NewDB().CreateCollection("passages", nil, chromem.EmbeddingFunc(x.embed))
			if err != nil {
				x.collectionErr = fmt.Errorf("bot: create collection: %w", err)
				return
			}
			x.collectionErr = x.fillCollection(ctx, col, 1)
		}()
	})
	select {
	case <-x.collectionDone:
		return x.collection, x.collectionErr
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fillCollection adds every passage's row of x.vectors to col, the row itself (chromem-go
// keeps the slice it is given when it is of unit length), with the passage number as ID and
// the passage ID as content.
func (x *Index) fillCollection(ctx context.Context, col *chromem.Collection, workers int) error {
	n := x.vectors.rows()
	var first error
	var mu sync.Mutex
	parallelRowsOn(workers, n, func(from, to int) {
		for i := from; i < to; i++ {
			err := col.AddDocument(ctx, chromem.Document{ID: strconv.Itoa(i), Embedding: x.vectors.row(i), Content: x.passages[i].ID})
			if err != nil {
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
				return
			}
		}
	})
	if first != nil {
		return fmt.Errorf("bot: add passages to collection: %w", first)
	}
	x.collection = col
	return nil
}

// termVectors fills termVecs, termMat and termRows from the model.
func (x *Index) termVectors() {
	var rows []int32
	var data []float32
	for id, t := range x.bm25.terms {
		var ok bool
		if data, ok = x.model.AppendVector(data, t); ok {
			rows = append(rows, int32(id))
		}
	}
	x.setTermVectors(rows, matrix{data: data, dim: x.model.Dim()})
}

// setTermVectors sets termRows and termMat, whose row r is the vector of term rows[r], and
// fills termVecs from them.
func (x *Index) setTermVectors(rows []int32, m matrix) {
	x.termRows, x.termMat = rows, m
	x.termVecs = make([][]float32, len(x.bm25.terms))
	for r, id := range rows {
		x.termVecs[id] = m.row(r)
	}
}

// Len returns the number of passages indexed.
func (x *Index) Len() int { return len(x.passages) }

// Documents returns the indexed documents, in the order given to NewIndex. An index read
// from a snapshot makes them on the first call (about 150 bytes a document), their passages
// those the index answers with.
func (x *Index) Documents() []*corpus.Document {
	x.docsOnce.Do(func() {
		if x.docs == nil && x.makeDocs != nil {
			x.docs = x.makeDocs()
		}
	})
	return x.docs
}

// DocumentCount returns the number of documents indexed.
func (x *Index) DocumentCount() int { return len(x.docStart) - 1 }

// Passage returns the passage with the given ID, or nil.
func (x *Index) Passage(id string) *corpus.Passage {
	if i := x.number(strings.ToLower(strings.TrimSpace(id))); i >= 0 {
		return x.passages[i]
	}
	return nil
}

// number returns the number of the passage with the given ID, or -1 when there is none. (Of
// passages sharing an ID, the last.)
func (x *Index) number(id string) int {
	return x.ids.find(id, func(i int) string { return x.passages[i].ID })
}

// idTable is a hash table of numbers by string ID (passages by passage ID),
// kept in two flat slices (which a snapshot stores as they are) instead of a Go
// map's 44 bytes a passage: the numbers are bucketed by the 64-bit FNV-1a hash of their ID
// (Fowler, Noll & Vo), with a quarter as many buckets as numbers rounded up to a power of
// two, 6 bytes a number in all. The IDs themselves are not kept: the caller gives the ID of
// a number.
type idTable struct {
	off []uint32 // bucket b holds num[off[b]:off[b+1]], ascending
	num []uint32
}

// fnv1a is the 64-bit FNV-1a hash of s.
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// newIDTable returns the table of numbers 0 to n-1, number i with ID id(i).
func newIDTable(n int, id func(i int) string) idTable {
	buckets := 1
	for buckets < n/4 {
		buckets *= 2
	}
	bucket := make([]uint32, n)
	t := idTable{off: make([]uint32, buckets+1), num: make([]uint32, n)}
	for i := range n {
		bucket[i] = uint32(fnv1a(id(i)) & uint64(buckets-1))
		t.off[bucket[i]+1]++
	}
	for b := range buckets {
		t.off[b+1] += t.off[b]
	}
	next := slices.Clone(t.off[:buckets])
	for i, b := range bucket {
		t.num[next[b]] = uint32(i)
		next[b]++
	}
	return t
}

// termOfWord returns the index term of surface word w of the corpus, or "" when the corpus
// does not write w.
func (x *Index) termOfWord(w string) string {
	if i, ok := x.words.find(w); ok {
		return x.bm25.terms[x.wordTerms[i]]
	}
	return ""
}

// stringTable finds a string's position in a list of distinct strings through an idTable: no
// Go map, whose building took 4 s of every start for the 4.2 million words of a text of
// numbered tokens ("w0.", "w1.", …), where hashing them into the table takes a tenth of it.
type stringTable struct {
	strs []string
	tab  idTable
}

// newStringTable returns the table of strs, which it keeps (it does not copy them).
func newStringTable(strs []string) stringTable {
	return stringTable{strs: strs, tab: newIDTable(len(strs), func(i int) string { return strs[i] })}
}

// find returns the position of s in the table's strings, and whether it is there.
func (t stringTable) find(s string) (int32, bool) {
	i := t.tab.find(s, func(i int) string { return t.strs[i] })
	return int32(i), i >= 0
}

// find returns the last number whose ID (given by idOf) is id, or -1.
func (t idTable) find(id string, idOf func(i int) string) int {
	if len(t.off) < 2 {
		return -1
	}
	b := fnv1a(id) & uint64(len(t.off)-2)
	found := -1
	for _, i := range t.num[t.off[b]:t.off[b+1]] {
		if idOf(int(i)) == id {
			found = int(i)
		}
	}
	return found
}

// minPassagesForCommon is the fewest passages from which the common component is estimated:
// in a handful of passages the first principal direction is their shared topic, not the
// common direction of all text, and removing it would remove what they are about.
const minPassagesForCommon = 200

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

// Context returns the passage with the given ID and up to n passages before and after it in
// its document, in reading order; nil when no passage has that ID.
func (x *Index) Context(id string, n int) []*corpus.Passage {
	i := x.number(strings.ToLower(strings.TrimSpace(id)))
	if i < 0 {
		return nil
	}
	d := x.documentOf(int32(i))
	from, to := max(i-n, int(x.docStart[d])), min(i+n+1, int(x.docStart[d+1]))
	return slices.Clone(x.passages[from:to])
}
