package bot

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"math"
	"slices"
	"time"
	"unsafe"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/lexicon"
)

// A snapshot is an Index saved whole — documents and passages, the BM25F postings, the
// sentence analysis, the spelling-correction words, the passage vectors as the collection
// holds them, the common component and the word vectors of the index terms — so that a large
// library starts without analysing or embedding anything (see WriteSnapshot, ReadSnapshot).
//
// Layout: snapshotMagic, the key (a uint64 length and its bytes), then sections in a fixed
// order, each a uint64 length in bytes and the bytes, padded with zeros to a multiple of 8
// so that every array starts aligned. Arrays are stored in the machine's byte order, which
// must be little-endian (a snapshot is a cache of one machine's, never an exchange format).
// A string list is its uint32 offsets (n+1) and the strings' bytes; a narrow sequence is a
// uint16 section and an int32 section, one of them empty.
//
// What only building the index's Go values reads (offsets, references into the string
// pool, line numbers) comes first; what answers read after (texts, the pool's strings,
// postings, analysis, vectors) comes after, each kind in one run, so that the pages an
// answer touches hold little else: on Linux a page of a mapped file, once read, stays
// resident in the process, and the kernel maps a whole run of pages around the one read.
// Versions 2 to 4 store term frequencies, term IDs, passage numbers and offsets in 16 or 32
// bits instead of 32 or 64, each distinct document field or heading once, the index terms'
// word vectors, (3) the passages' hash table and the documents' first passages, and (4) the
// postings' passage numbers in 16 bits (see bm25Index): 406 MB for the US Code (309,184
// passages) instead of version 1's 506 MB. Version 5 ends with the CRC-32C (Castagnoli) of
// everything before it, 4 bytes little-endian, which ReadSnapshot checks: a byte changed
// anywhere, not only in the offsets and lengths it checks as it reads, makes the snapshot
// unusable rather than its answers wrong. Version 6 stores which sentences stand in an
// editor's note (analysis.note) after which ask a question. Version 7 indexes a compound
// number in words as its digits too (see numberWordValue), which a snapshot of version 6
// lacks.
const snapshotMagic = "doctrinebot index snapshot 7\n"

// snapshotCRC is the CRC-32 polynomial of the snapshot's checksum: Castagnoli's, which
// hash/crc32 computes with the processor's CRC32 instruction where there is one (amd64,
// arm64), at several GB/s.
var snapshotCRC = crc32.MakeTable(crc32.Castagnoli)

// ErrSnapshot means a snapshot cannot be used: not one, truncated, or of another key.
var ErrSnapshot = errors.New("bot: unusable index snapshot")

// littleEndian reports whether the machine stores integers little-endian, as snapshots do.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// docFields is the number of string fields of a corpus.Document a snapshot keeps.
const docFields = 7

// WriteSnapshot writes the index to w as a snapshot labelled with key (see ReadSnapshot).
// Errors: those of w; an error on a big-endian machine, or when a list of strings (the
// passages' texts, say) holds 4 GiB or more.
func (x *Index) WriteSnapshot(w io.Writer, key string) error {
	if !littleEndian {
		return errors.New("bot: index snapshots need a little-endian machine")
	}
	sum := crc32.New(snapshotCRC)
	sw := &snapWriter{w: bufio.NewWriterSize(io.MultiWriter(w, sum), 1<<20)}
	sw.raw([]byte(snapshotMagic))
	sw.bytes([]byte(key))

	// The string pool holds each distinct document field, passage ID and heading once.
	var pool stringPool
	n := len(x.passages)
	docs := x.Documents()
	docRefs := make([]uint32, 0, docFields*len(docs))
	for _, d := range docs {
		for _, v := range [docFields]string{d.ID, d.Title, d.Author, d.Source, d.Licence, d.Edition, d.Path} {
			docRefs = append(docRefs, pool.ref(v))
		}
	}
	idRefs := make([]uint32, n)
	texts := make([]string, n)
	lines := make([]int32, 4*n)
	pathOf := make([]uint32, n)
	pathOff := []uint32{0}
	var pathHeads []uint32
	pathID := map[string]uint32{}
	for i, p := range x.passages {
		idRefs[i], texts[i] = pool.ref(p.ID), p.Text
		lines[4*i], lines[4*i+1], lines[4*i+2], lines[4*i+3] = int32(p.FirstLine), int32(p.LastLine), int32(p.FirstPage), int32(p.LastPage)
		refs := make([]uint32, len(p.Headings))
		for k, h := range p.Headings {
			refs[k] = pool.ref(h)
		}
		key := string(asBytes(refs))
		id, ok := pathID[key]
		if !ok {
			id = uint32(len(pathOff) - 1)
			pathID[key] = id
			pathHeads = append(pathHeads, refs...)
			pathOff = append(pathOff, uint32(len(pathHeads)))
		}
		pathOf[i] = id
	}
	words, wordTerms := x.words.strs, x.wordTerms
	b, a := x.bm25, &x.analysis

	// Read only while building the index's Go values.
	sw.uint32s(docRefs)
	sw.uint32s(idRefs)
	sw.uint32s(pathOf)
	sw.uint32s(pathOff)
	sw.uint32s(pathHeads)
	sw.narrow(narrowOf(lines))
	sw.int32s(wordTerms)
	poolOff := sw.offsets(pool.strs)
	textOff := sw.offsets(texts)
	termOff := sw.offsets(b.terms)
	wordOff := sw.offsets(words)
	// Read by answers.
	sw.blob(pool.strs, poolOff)
	sw.blob(texts, textOff)
	sw.blob(b.terms, termOff)
	sw.blob(words, wordOff)
	sw.int32s(x.docStart)
	sw.uint32s(x.ids.off)
	sw.uint32s(x.ids.num)
	sw.int32s(b.off)
	sw.int32s(b.seg)
	sw.uint16s(b.low)
	sw.uint16s(b.tf)
	sw.float64s(b.norm)
	sw.int32s(a.sentOff)
	sw.narrow(a.spans)
	sw.bools(a.question)
	sw.bools(a.note)
	sw.int32s(a.termOff)
	sw.narrow(a.terms)
	sw.int32s(a.headOff)
	sw.narrow(a.head)
	sw.int32s([]int32{int32(x.vectors.dim)})
	sw.float32s(x.vectors.data)
	sw.float32s(x.common)
	sw.int32s(x.termRows)
	sw.float32s(x.termMat.data)
	if sw.err == nil {
		sw.err = sw.w.Flush()
	}
	if sw.err == nil {
		_, sw.err = w.Write(binary.LittleEndian.AppendUint32(nil, sum.Sum32()))
	}
	if sw.err != nil {
		return fmt.Errorf("bot: write index snapshot: %w", sw.err)
	}
	return nil
}

// ReadSnapshot returns the index saved in data by WriteSnapshot with the same key. The index
// keeps data (its passages' text and arrays point into it), which must not be modified. The
// options are those of NewIndex (Vectors and Progress are not used; Release is): they must
// be the models the snapshot was written with, which is what the key is for. The chromem-go
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
	if len(data) < len(snapshotMagic)+4 || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not a snapshot", ErrSnapshot)
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, snapshotCRC) != binary.LittleEndian.Uint32(data[len(body):]) {
		return nil, fmt.Errorf("%w: damaged (its checksum does not match)", ErrSnapshot)
	}
	data = body
	sr := &snapReader{data: data}
	sr.raw(len(snapshotMagic))
	if got := string(sr.bytes()); got != key {
		return nil, fmt.Errorf("%w: made for %q, not %q", ErrSnapshot, got, key)
	}
	docRefs, idRefs := sr.uint32s(), sr.uint32s()
	pathOf, pathOff, pathHeads := sr.uint32s(), sr.uint32s(), sr.uint32s()
	lines, wordTerms := sr.narrow(), sr.int32s()
	poolOff, textOff, termOff, wordOff := sr.uint32s(), sr.uint32s(), sr.uint32s(), sr.uint32s()
	loadOnly := data[:sr.pos]
	pool := stringList{off: poolOff, blob: sr.bytes()}
	texts := stringList{off: textOff, blob: sr.bytes()}
	terms := stringList{off: termOff, blob: sr.bytes()}
	words := stringList{off: wordOff, blob: sr.bytes()}
	docStart := sr.int32s()
	x = newIndex(opts)
	x.docStart = docStart
	x.ids = idTable{off: sr.uint32s(), num: sr.uint32s()}

	n, docs := len(idRefs), len(docStart)-1
	if n == 0 || docs < 1 || docStart[0] != 0 || int(docStart[docs]) != n || len(docRefs) != docFields*docs || texts.len() != n ||
		len(x.ids.num) != n || len(x.ids.off) < 2 || (len(x.ids.off)-1)&(len(x.ids.off)-2) != 0 {
		return nil, fmt.Errorf("%w: damaged", ErrSnapshot)
	}
	for _, r := range docRefs {
		if int(r) >= pool.len() {
			return nil, fmt.Errorf("%w: damaged", ErrSnapshot)
		}
	}
	headings := make([][]string, len(pathOff)-1)
	for i := range headings {
		if refs := pathHeads[pathOff[i]:pathOff[i+1]]; len(refs) > 0 {
			headings[i] = make([]string, len(refs))
			for k, r := range refs {
				headings[i][k] = pool.at(int(r))
			}
		}
	}
	// The passages in one array; Documents makes the documents on it when asked.
	all := make([]corpus.Passage, n)
	x.passages = make([]*corpus.Passage, n)
	line := make([]int32, 0, 4)
	for d := range docs {
		from, to := int(docStart[d]), int(docStart[d+1])
		if to < from {
			return nil, fmt.Errorf("%w: damaged", ErrSnapshot)
		}
		f := docRefs[docFields*d:]
		id, title, author, edition := pool.at(int(f[0])), pool.at(int(f[1])), pool.at(int(f[2])), pool.at(int(f[5]))
		for j := from; j < to; j++ {
			line = lines.appendTo(line[:0], 4*j, 4*j+4)
			all[j] = corpus.Passage{ID: pool.at(int(idRefs[j])), DocumentID: id, Title: title, Author: author, Edition: edition,
				Headings: headings[pathOf[j]], Text: texts.at(j), FirstLine: int(line[0]), LastLine: int(line[1]),
				FirstPage: int(line[2]), LastPage: int(line[3]), Index: j - from}
			x.passages[j] = &all[j]
		}
	}
	x.makeDocs = func() []*corpus.Document {
		out := make([]*corpus.Document, docs)
		for d := range out {
			f := docRefs[docFields*d : docFields*(d+1)]
			out[d] = &corpus.Document{ID: pool.at(int(f[0])), Title: pool.at(int(f[1])), Author: pool.at(int(f[2])),
				Source: pool.at(int(f[3])), Licence: pool.at(int(f[4])), Edition: pool.at(int(f[5])), Path: pool.at(int(f[6])),
				Passages: all[docStart[d]:docStart[d+1]:docStart[d+1]]}
		}
		return out
	}

	b := &bm25Index{terms: make([]string, terms.len())}
	for i := range b.terms {
		b.terms[i] = terms.at(i)
	}
	b.ids = newStringTable(b.terms)
	b.off, b.seg, b.low, b.tf, b.norm = sr.int32s(), sr.int32s(), sr.uint16s(), sr.uint16s(), sr.float64s()
	x.bm25 = b
	if len(wordTerms) != words.len() || slices.ContainsFunc(wordTerms, func(t int32) bool { return t < 0 || int(t) >= len(b.terms) }) {
		return nil, fmt.Errorf("%w: damaged", ErrSnapshot)
	}
	ws := make([]string, words.len())
	for i := range ws {
		ws[i] = words.at(i)
	}
	x.words, x.wordTerms = newStringTable(ws), wordTerms

	a := &x.analysis
	a.sentOff, a.spans, a.question, a.note = sr.int32s(), sr.narrow(), sr.bools(), sr.bools()
	a.termOff, a.terms = sr.int32s(), sr.narrow()
	a.headOff, a.head = sr.int32s(), sr.narrow()

	dim := int(sr.int32s()[0])
	x.vectors = matrix{data: sr.float32s(), dim: dim}
	x.common = sr.float32s()
	if len(x.common) == 0 {
		x.common = nil
	}
	termRows, termMat := sr.int32s(), matrix{data: sr.float32s(), dim: x.model.Dim()}
	if sr.err != nil || x.vectors.rows() != n || len(b.norm) != n || len(b.off) != len(b.terms)+1 || len(b.tf) != len(b.low) ||
		len(b.seg) != len(b.terms)*(b.segments()+1) ||
		len(a.sentOff) != n+1 || len(a.headOff) != n+1 || a.spans.len() != 2*len(a.question) || len(a.note) != len(a.question) || len(a.termOff) != len(a.question)+1 ||
		termMat.rows() != len(termRows) {
		return nil, fmt.Errorf("%w: damaged", ErrSnapshot)
	}
	x.setTermVectors(termRows, termMat)
	x.harmonic = harmonicOf(x.model)
	if opts.Release != nil {
		opts.Release(loadOnly)
	}
	opts.Logger.Debug("index read from snapshot", "passages", n, "terms", len(b.terms), "took", time.Since(start))
	return x, nil
}

// stringPool numbers distinct strings, for storing each once: strs[ref(s)] == s. The empty
// string is always there.
type stringPool struct {
	refs map[string]uint32
	strs []string
}

func (p *stringPool) ref(s string) uint32 {
	if p.refs == nil {
		p.refs = map[string]uint32{}
	}
	r, ok := p.refs[s]
	if !ok {
		r = uint32(len(p.strs))
		p.refs[s] = r
		p.strs = append(p.strs, s)
	}
	return r
}

// stringList is a list of strings in a snapshot: string i is blob[off[i]:off[i+1]].
type stringList struct {
	off  []uint32
	blob []byte
}

func (l stringList) len() int { return max(len(l.off)-1, 0) }

// at returns string i, pointing into the snapshot.
func (l stringList) at(i int) string {
	b := l.blob[l.off[i]:l.off[i+1]]
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
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
	s.pad()
}

func (s *snapWriter) pad() {
	if pad := (8 - s.n%8) % 8; pad > 0 {
		s.raw(make([]byte, pad))
	}
}

func (s *snapWriter) int32s(v []int32)     { s.bytes(asBytes(v)) }
func (s *snapWriter) uint32s(v []uint32)   { s.bytes(asBytes(v)) }
func (s *snapWriter) uint16s(v []uint16)   { s.bytes(asBytes(v)) }
func (s *snapWriter) float32s(v []float32) { s.bytes(asBytes(v)) }
func (s *snapWriter) float64s(v []float64) { s.bytes(asBytes(v)) }
func (s *snapWriter) bools(v []bool)       { s.bytes(asBytes(v)) }
func (s *snapWriter) narrow(v narrow)      { s.uint16s(v.u16); s.int32s(v.i32) }

// offsets writes the section of a string list's offsets (see blob) and returns their total.
func (s *snapWriter) offsets(v []string) int64 {
	off := make([]uint32, len(v)+1)
	var total int64
	for i, str := range v {
		total += int64(len(str))
		if total > math.MaxUint32 && s.err == nil {
			s.err = fmt.Errorf("%d strings of %d bytes or more: too large for a snapshot", len(v), total)
		}
		off[i+1] = uint32(total)
	}
	s.uint32s(off)
	return total
}

// blob writes the section of a string list's bytes, total long (see offsets).
func (s *snapWriter) blob(v []string, total int64) {
	var l [8]byte
	binary.NativeEndian.PutUint64(l[:], uint64(total))
	s.raw(l[:])
	for _, str := range v {
		s.raw(unsafe.Slice(unsafe.StringData(str), len(str)))
	}
	s.pad()
}

// asBytes returns the memory of a slice of plain values as bytes.
func asBytes[T plain](v []T) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*int(unsafe.Sizeof(v[0])))
}

// plain are the element types of a snapshot's arrays.
type plain interface {
	int32 | uint32 | uint16 | float32 | float64 | bool
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

// view returns b as a slice of T, nil when b is empty or not a whole number of them.
func view[T plain](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(b) == 0 || len(b)%size != 0 || uintptr(unsafe.Pointer(&b[0]))%unsafe.Alignof(zero) != 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size)
}

func (s *snapReader) int32s() []int32     { return view[int32](s.bytes()) }
func (s *snapReader) uint32s() []uint32   { return view[uint32](s.bytes()) }
func (s *snapReader) uint16s() []uint16   { return view[uint16](s.bytes()) }
func (s *snapReader) float32s() []float32 { return view[float32](s.bytes()) }
func (s *snapReader) float64s() []float64 { return view[float64](s.bytes()) }
func (s *snapReader) bools() []bool       { return view[bool](s.bytes()) }
func (s *snapReader) narrow() narrow      { return narrow{u16: s.uint16s(), i32: s.int32s()} }

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
