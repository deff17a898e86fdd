package embeddings

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// The glove.bin format, version 1. All integers are little-endian.
//
//	offset  size     field
//	0       4        magic "GVQ8"
//	4       2        version, uint16 = 1
//	6       2        dim D, uint16 (100)
//	8       4        count N, uint32 (50000)
//	12      4        source vocabulary size V, uint32 (341479): the N of
//	                 the Zipf estimate p(w) = 1/(rank·H_V) used by Embed
//	16      1        scale mode: 1 = one float32 scale per vector,
//	                 2 = one float32 scale for the whole table
//	17      1        name length L
//	18      L        name, ASCII (e.g. "glove-6b-100d-50k-int8")
//	…       N×var    words, in ascending rank order, each:
//	                   uvarint  rank − previous rank (previous = 0 before
//	                            the first word; so always ≥ 1)
//	                   uint8    byte length of the word (1..255)
//	                   bytes    the word, UTF-8, lowercase
//	…       4N or 4  scales, float32 (N of them in mode 1, one in mode 2)
//	…       N×D      vectors, int8, row-major, row i belongs to word i
//	…       4        CRC-32 (IEEE) of every preceding byte
//
// Row i approximates unit vector u_i as scale_i·q_i with q_i = round(u_i /
// scale_i) and scale_i = max_j |u_ij| / 127. Because Vector renormalises,
// the direction q_i/|q_i| is all that is used; the scales are validated and
// kept only for completeness.
const (
	magic      = "GVQ8"
	version    = 1
	headerSize = 18
	scaleRow   = 1
	scaleTable = 2
)

// decode parses a glove.bin image. The returned table keeps sub-slices of
// data (the int8 vectors) and strings copied from it; data must not be
// modified afterwards.
func decode(data []byte) (*WordVectors, error) {
	switch {
	case len(data) == 0:
		return nil, errors.New("embeddings: empty input: not a glove.bin table")
	case len(data) < len(magic) && magic[:len(data)] == string(data):
		return nil, fmt.Errorf("embeddings: truncated magic (%d bytes)", len(data))
	case len(data) < len(magic) || string(data[:len(magic)]) != magic:
		return nil, errors.New("embeddings: bad magic: not a glove.bin table")
	}
	if len(data) < headerSize+4 {
		return nil, fmt.Errorf("embeddings: truncated header (%d bytes)", len(data))
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if v := binary.LittleEndian.Uint16(data[4:]); v != version {
		return nil, fmt.Errorf("embeddings: unsupported version %d (want %d)", v, version)
	}
	dim := int(binary.LittleEndian.Uint16(data[6:]))
	n := int(binary.LittleEndian.Uint32(data[8:]))
	vocab := int(binary.LittleEndian.Uint32(data[12:]))
	mode := data[16]
	nameLen := int(data[17])
	if dim == 0 || n == 0 {
		return nil, fmt.Errorf("embeddings: empty table (dim %d, count %d)", dim, n)
	}
	if mode != scaleRow && mode != scaleTable {
		return nil, fmt.Errorf("embeddings: unknown scale mode %d", mode)
	}
	nScales := 1
	if mode == scaleRow {
		nScales = n
	}
	// Cheap size check before any allocation sized by header fields:
	// each word record takes at least 3 bytes.
	minSize := int64(headerSize) + int64(nameLen) + 3*int64(n) + 4*int64(nScales) + int64(n)*int64(dim) + 4
	if int64(len(data)) < minSize {
		return nil, fmt.Errorf("embeddings: truncated: %d bytes, header needs at least %d", len(data), minSize)
	}
	if got := crc32.ChecksumIEEE(body); got != sum {
		return nil, fmt.Errorf("embeddings: checksum mismatch (stored %08x, computed %08x): corrupt or truncated table", sum, got)
	}
	m := &WordVectors{
		name:  string(body[headerSize : headerSize+nameLen]),
		dim:   dim,
		vocab: vocab,
		words: make([]string, n),
		ranks: make([]int32, n),
		index: make(map[string]int32, n),
	}
	p := headerSize + nameLen

	// Words. One string holds all word bytes; words are substrings of it.
	type span struct{ off, n int }
	spans := make([]span, n)
	var blob []byte
	rank := uint64(0)
	for i := range n {
		d, k := binary.Uvarint(body[p:])
		if k <= 0 {
			return nil, fmt.Errorf("embeddings: word %d: bad rank varint", i)
		}
		p += k
		if d == 0 || rank+d > uint64(vocab) {
			return nil, fmt.Errorf("embeddings: word %d: rank %d+%d outside 1..%d or not increasing", i, rank, d, vocab)
		}
		rank += d
		if p >= len(body) {
			return nil, fmt.Errorf("embeddings: truncated in word %d", i)
		}
		l := int(body[p])
		p++
		if l == 0 || p+l > len(body) {
			return nil, fmt.Errorf("embeddings: word %d: bad length %d", i, l)
		}
		spans[i] = span{len(blob), l}
		blob = append(blob, body[p:p+l]...)
		p += l
		m.ranks[i] = int32(rank)
	}
	all := string(blob)
	for i, s := range spans {
		w := all[s.off : s.off+s.n]
		if _, dup := m.index[w]; dup {
			return nil, fmt.Errorf("embeddings: duplicate word %q", w)
		}
		m.words[i] = w
		m.index[w] = int32(i)
	}

	// Scales: must be finite and positive.
	if len(body)-p != 4*nScales+n*dim {
		return nil, fmt.Errorf("embeddings: truncated or trailing data: %d bytes after the words, want %d", len(body)-p, 4*nScales+n*dim)
	}
	for i := range nScales {
		s := math.Float32frombits(binary.LittleEndian.Uint32(body[p:]))
		if !(s > 0) || math.IsInf(float64(s), 0) {
			return nil, fmt.Errorf("embeddings: scale %d is %v", i, s)
		}
		p += 4
	}

	// Vectors: kept as int8 bytes; precompute 1/|q_i| and the SIF weight.
	m.vecs = body[p : p+n*dim : p+n*dim]
	m.inv = make([]float32, n)
	m.weight = make([]float32, n)
	h := harmonic(vocab)
	for i := range n {
		row := m.vecs[i*dim : (i+1)*dim]
		var ss int32
		for _, b := range row {
			ss += int32(int8(b)) * int32(int8(b))
		}
		if ss == 0 {
			return nil, fmt.Errorf("embeddings: word %q has a zero vector", m.words[i])
		}
		m.inv[i] = float32(1 / math.Sqrt(float64(ss)))
		m.weight[i] = sifWeight(int(m.ranks[i]), h)
	}
	return m, nil
}

// Load decodes a table in the glove.bin format (layout in format.go) read
// to EOF from r. Errors name the problem: "bad magic", "truncated …",
// "checksum mismatch …", "unsupported version …", bad word records, or a
// read error from r.
func Load(r io.Reader) (*WordVectors, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("embeddings: reading table: %w", err)
	}
	return decode(data)
}
