package bot

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	"unsafe"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// A snapshot is an Index saved whole — documents and passages, the BM25F postings, the
// sentence analysis, the spelling-correction words, the passage vectors as the collection
// holds them and the common component — so that a large library starts without analysing
// or embedding anything (see WriteSnapshot, ReadSnapshot).
//
// Layout: snapshotMagic, the key (a uint64 length and its bytes), then sections in a fixed
// order, each a uint64 length in bytes and the bytes, padded with zeros to a multiple of 8
// so that every array starts aligned. Arrays are stored in the machine's byte order, which
// must be little-endian (a snapshot is a cache of one machine's, never an exchange format);
// a string list is its int64 offsets (n+1) and the strings' bytes.
const snapshotMagic = "doctrinebot index snapshot 1\n"

// ErrSnapshot means a snapshot cannot be used: not one, truncated, or of another key.
var ErrSnapshot = errors.New("bot: unusable index snapshot")

// littleEndian reports whether the machine stores integers little-endian, as snapshots do.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// WriteSnapshot writes the index to w as a snapshot labelled with key (see ReadSnapshot).
// Errors: those of w; an error on a big-endian machine.
func (x *Index) WriteSnapshot(w io.Writer, key string) error {
	if !littleEndian {
		return errors.New("bot: index snapshots need a little-endian machine")
	}
	sw := &snapWriter{w: bufio.NewWriterSize(w, 1<<20)}
	sw.raw([]byte(snapshotMagic))
	sw.bytes([]byte(key))

	n := len(x.passages)
	docFields := make([][]string, 7)
	counts := make([]int32, len(x.docs))
	for i, d := range x.docs {
		for f, v := range []string{d.ID, d.Title, d.Author, d.Source, d.Licence, d.Edition, d.Path} {
			docFields[f] = append(docFields[f], v)
		}
		counts[i] = int32(len(d.Passages))
	}
	for _, f := range docFields {
		sw.strings(f)
	}
	sw.int32s(counts)

	ids := make([]string, n)
	texts := make([]string, n)
	lines := make([]int32, 4*n)
	pathOf := make([]int32, n)
	var paths []string
	pathID := map[string]int32{}
	for i, p := range x.passages {
		ids[i], texts[i] = p.ID, p.Text
		lines[4*i], lines[4*i+1], lines[4*i+2], lines[4*i+3] = int32(p.FirstLine), int32(p.LastLine), int32(p.FirstPage), int32(p.LastPage)
		path := strings.Join(p.Headings, "\n")
		id, ok := pathID[path]
		if !ok {
			id = int32(len(paths))
			pathID[path] = id
			paths = append(paths, path)
		}
		pathOf[i] = id
	}
	sw.strings(ids)
	sw.strings(texts)
	sw.int32s(lines)
	sw.strings(paths)
	sw.int32s(pathOf)

	b := x.bm25
	sw.strings(b.terms)
	sw.int32s(b.off)
	sw.int32s(b.passage)
	sw.float32s(b.tf)
	sw.float32s(b.dl)

	a := &x.analysis
	for _, s := range [][]int32{a.sentOff, a.spans, a.termOff, a.terms, a.headOff, a.head} {
		sw.int32s(s)
	}
	sw.bools(a.question)

	words := make([]string, 0, len(x.words))
	wordTerms := make([]int32, 0, len(x.words))
	for w, t := range x.words {
		words = append(words, w)
		wordTerms = append(wordTerms, b.ids[t])
	}
	sw.strings(words)
	sw.int32s(wordTerms)

	sw.int32s([]int32{int32(x.vectors.dim)})
	sw.float32s(x.vectors.data)
	sw.float32s(x.common)
	if sw.err == nil {
		sw.err = sw.w.Flush()
	}
	if sw.err != nil {
		return fmt.Errorf("bot: write index snapshot: %w", sw.err)
	}
	return nil
}

// ReadSnapshot returns the index saved in data by WriteSnapshot with the same key. The index
// keeps data (its passages' text and arrays point into it), which must not be modified. The
// options are those of NewIndex (Vectors and Progress are not used): they must be the
// models the snapshot was written with, which is what the key is for. The chromem-go
// collection is filled when first used (see Index.Collection).
// Errors: ErrSnapshot (wrapped) when data is not a snapshot with that key, or is damaged.
func ReadSnapshot(ctx context.Context, data []byte, key string, opts IndexOptions) (x *Index, err error) {
	if !littleEndian {
		return nil, fmt.Errorf("%w: a big-endian machine", ErrSnapshot)
	}
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, fmt.Errorf("%w: damaged (%v)", ErrSnapshot, r)
		}
	}()
	opts = opts.withDefaults()
	sr := &snapReader{data: data}
	if string(sr.raw(len(snapshotMagic))) != snapshotMagic {
		return nil, fmt.Errorf("%w: not a snapshot", ErrSnapshot)
	}
	if got := string(sr.bytes()); got != key {
		return nil, fmt.Errorf("%w: made for %q, not %q", ErrSnapshot, got, key)
	}
	x = newIndex(opts)
	docFields := make([][]string, 7)
	for f := range docFields {
		docFields[f] = sr.strings()
	}
	counts := sr.int32s()
	ids, texts, lines := sr.strings(), sr.strings(), sr.int32s()
	paths, pathOf := sr.strings(), sr.int32s()
	headings := make([][]string, len(paths))
	for i, p := range paths {
		if p != "" {
			headings[i] = strings.Split(p, "\n")
		}
	}
	n := len(ids)
	x.passages = make([]*corpus.Passage, 0, n)
	x.byID = make(map[string]int, n)
	x.docs = make([]*corpus.Document, len(counts))
	next := 0
	for i, c := range counts {
		d := &corpus.Document{ID: docFields[0][i], Title: docFields[1][i], Author: docFields[2][i], Source: docFields[3][i],
			Licence: docFields[4][i], Edition: docFields[5][i], Path: docFields[6][i], Passages: make([]corpus.Passage, c)}
		for k := range d.Passages {
			j := next + k
			d.Passages[k] = corpus.Passage{ID: ids[j], DocumentID: d.ID, Title: d.Title, Author: d.Author,
				Headings: headings[pathOf[j]], Text: texts[j], FirstLine: int(lines[4*j]), LastLine: int(lines[4*j+1]),
				FirstPage: int(lines[4*j+2]), LastPage: int(lines[4*j+3]), Index: k}
			p := &d.Passages[k]
			x.byID[p.ID] = len(x.passages)
			x.passages = append(x.passages, p)
		}
		next += int(c)
		x.docs[i] = d
	}
	if next != n || len(x.passages) == 0 {
		return nil, fmt.Errorf("%w: %d passages for %d", ErrSnapshot, next, n)
	}

	b := &bm25Index{terms: sr.strings()}
	b.off, b.passage, b.tf, b.dl = sr.int32s(), sr.int32s(), sr.float32s(), sr.float32s()
	b.ids = make(map[string]int32, len(b.terms))
	for i, t := range b.terms {
		b.ids[t] = int32(i)
	}
	b.finish()
	x.bm25 = b

	a := &x.analysis
	for _, s := range []*[]int32{&a.sentOff, &a.spans, &a.termOff, &a.terms, &a.headOff, &a.head} {
		*s = sr.int32s()
	}
	a.question = sr.bools()

	words, wordTerms := sr.strings(), sr.int32s()
	x.words = make(map[string]string, len(words))
	for i, w := range words {
		x.words[w] = b.terms[wordTerms[i]]
	}

	dim := int(sr.int32s()[0])
	x.vectors = matrix{data: sr.float32s(), dim: dim}
	x.common = sr.float32s()
	if len(x.common) == 0 {
		x.common = nil
	}
	if sr.err != nil || x.vectors.rows() != n || len(b.dl) != n || len(a.sentOff) != n+1 {
		return nil, fmt.Errorf("%w: damaged", ErrSnapshot)
	}
	x.harmonic = harmonicOf(x.model)
	x.termVectors()
	opts.Logger.Debug("index read from snapshot", "passages", n, "terms", len(b.terms), "took", time.Since(start))
	return x, nil
}

// snapWriter writes a snapshot's sections, remembering the first error.
type snapWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (s *snapWriter) raw(b []byte) {
	if s.err == nil {
		_, s.err = s.w.Write(b)
		s.n += int64(len(b))
	}
}

// bytes writes one section: its length, b, and zeros up to a multiple of 8.
func (s *snapWriter) bytes(b []byte) {
	var l [8]byte
	binary.NativeEndian.PutUint64(l[:], uint64(len(b)))
	s.raw(l[:])
	s.raw(b)
	if pad := (8 - s.n%8) % 8; pad > 0 {
		s.raw(make([]byte, pad))
	}
}

func (s *snapWriter) int32s(v []int32)     { s.bytes(asBytes(v)) }
func (s *snapWriter) float32s(v []float32) { s.bytes(asBytes(v)) }
func (s *snapWriter) bools(v []bool)       { s.bytes(asBytes(v)) }

func (s *snapWriter) strings(v []string) {
	off := make([]int64, len(v)+1)
	for i, str := range v {
		off[i+1] = off[i] + int64(len(str))
	}
	s.bytes(asBytes(off))
	var l [8]byte
	binary.NativeEndian.PutUint64(l[:], uint64(off[len(v)]))
	s.raw(l[:])
	for _, str := range v {
		s.raw(unsafe.Slice(unsafe.StringData(str), len(str)))
	}
	if pad := (8 - s.n%8) % 8; pad > 0 {
		s.raw(make([]byte, pad))
	}
}

// asBytes returns the memory of a slice of plain values as bytes.
func asBytes[T int32 | int64 | float32 | bool](v []T) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*int(unsafe.Sizeof(v[0])))
}

// snapReader reads a snapshot's sections in place: the slices it returns point into data.
// Reading past the end sets err and returns empty sections.
type snapReader struct {
	data []byte
	pos  int
	err  error
}

func (s *snapReader) raw(n int) []byte {
	if s.err != nil || n < 0 || n > len(s.data)-s.pos {
		s.err = cmpOr(s.err, io.ErrUnexpectedEOF)
		return nil
	}
	b := s.data[s.pos : s.pos+n : s.pos+n]
	s.pos += n
	return b
}

func (s *snapReader) bytes() []byte {
	l := s.raw(8)
	if l == nil {
		return nil
	}
	b := s.raw(int(binary.NativeEndian.Uint64(l)))
	s.pos = min(len(s.data), (s.pos+7)&^7)
	return b
}

func view[T int32 | int64 | float32 | bool](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(b) == 0 || len(b)%size != 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size)
}

func (s *snapReader) int32s() []int32     { return view[int32](s.bytes()) }
func (s *snapReader) float32s() []float32 { return view[float32](s.bytes()) }
func (s *snapReader) bools() []bool       { return view[bool](s.bytes()) }

func (s *snapReader) strings() []string {
	off := view[int64](s.bytes())
	blob := s.bytes()
	if len(off) == 0 {
		return nil
	}
	all := unsafe.String(unsafe.SliceData(blob), len(blob))
	out := make([]string, len(off)-1)
	for i := range out {
		out[i] = all[off[i]:off[i+1]]
	}
	return out
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// withDefaults fills the options' nil models and logger.
func (opts IndexOptions) withDefaults() IndexOptions {
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
	return opts
}
