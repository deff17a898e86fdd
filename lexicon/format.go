package lexicon

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
)

// Binary format of wordnet.bin.gz, written by internal/gen. The file is a
// gzip stream of:
//
//	magic  "DBWNLEX3"
//	uvarint nLemmas, uvarint nRelations
//	nLemmas × lemma, sorted by byte order, front-coded:
//	    uvarint shared-prefix length with the previous lemma,
//	    uvarint suffix length, suffix bytes,
//	    byte part-of-speech mask (bit 0 noun, 1 verb, 2 adjective, 3 adverb)
//	nLemmas × relation list, in lemma order:
//	    uvarint count, then count × relation:
//	        uvarint zigzag(target lemma index − source lemma index),
//	        byte kind<<2 | pos (pos 0 noun, 1 verb, 2 adjective, 3 adverb),
//	        uvarint sense (1-based sense number of the source lemma)
//	nLemmas × tag counts:
//	    byte mask of parts of speech that follow, then per set bit (low first):
//	        uvarint n, n × uvarint tag count of senses 1..n
//	4 × exception list (noun, verb, adjective, adverb):
//	    uvarint count, then count × (uvarint len, form bytes,
//	        uvarint m, m × uvarint base lemma index)
//	uvarint nPhrases, uvarint nPhraseRelations
//	nPhrases × phrase key (words joined by single spaces), sorted by byte
//	    order, front-coded like the lemmas but without a mask
//	nPhrases × relation list, in phrase order:
//	    uvarint count (at least 1), then count × relation:
//	        uvarint target lemma index,
//	        byte kind<<2 | pos, uvarint sense (of the phrase), as above
//	uvarint nSeats
//	nSeats × seat, in ascending lemma index:
//	    uvarint lemma index, uvarint len, name bytes (see Lexicon.SeatOf)
//	magic  "DBWNLEX3" (trailer)
const magic = "DBWNLEX3"

// errFormat is wrapped by every decoding error.
var errFormat = errors.New("lexicon: bad data")

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at %d bytes from the end", errFormat, what, len(d.b))
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated varint")
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) byte1() byte {
	if len(d.b) < 1 {
		d.fail("truncated byte")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) bytesN(n uint64) []byte {
	if uint64(len(d.b)) < n {
		d.fail("truncated bytes")
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

// decode parses a gzip-compressed table in the format above. Errors wrap
// errFormat (or are gzip/io errors).
func decode(gz []byte) (*Lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	// Preallocate from the gzip trailer's ISIZE (uncompressed size mod 2^32).
	size := 0
	if len(gz) >= 4 {
		size = int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	}
	rb := bytes.NewBuffer(make([]byte, 0, min(size, 1<<28)+bytes.MinRead))
	if _, err := rb.ReadFrom(zr); err != nil {
		return nil, err
	}
	raw := rb.Bytes()
	if !bytes.HasPrefix(raw, []byte(magic)) || !bytes.HasSuffix(raw, []byte(magic)) {
		return nil, fmt.Errorf("%w: missing magic", errFormat)
	}
	d := &decoder{b: raw[len(magic) : len(raw)-len(magic)]}
	n := d.uvarint()
	nrel := d.uvarint()
	if n > 1<<24 || nrel > 1<<26 || d.err != nil {
		return nil, fmt.Errorf("%w: implausible counts %d/%d", errFormat, n, nrel)
	}
	l := &Lexicon{
		lemmas: make([]string, n),
		pos:    make([]uint8, n),
		relOff: make([]uint32, n+1),
		rels:   make([]relRec, 0, nrel),
		tags:   make([]uint32, n),
		senses: map[uint32][]uint32{},
	}

	// Lemmas: rebuild into one buffer, then slice one string.
	buf := make([]byte, 0, 8*n)
	ends := make([]uint32, n)
	var prev []byte
	for i := uint64(0); i < n && d.err == nil; i++ {
		shared := d.uvarint()
		suf := d.bytesN(d.uvarint())
		if shared > uint64(len(prev)) {
			d.fail("bad prefix length")
			break
		}
		start := len(buf)
		buf = append(buf, prev[:shared]...)
		buf = append(buf, suf...)
		prev = buf[start:]
		ends[i] = uint32(len(buf))
		l.pos[i] = d.byte1()
	}
	all := string(buf)
	start := uint32(0)
	for i := range l.lemmas {
		l.lemmas[i] = all[start:ends[i]]
		start = ends[i]
	}

	// Relations.
	for i := uint64(0); i < n && d.err == nil; i++ {
		c := d.uvarint()
		for j := uint64(0); j < c && d.err == nil; j++ {
			z := d.uvarint()
			delta := int64(z>>1) ^ -int64(z&1)
			t := int64(i) + delta
			kp := d.byte1()
			s := d.uvarint()
			if t < 0 || t >= int64(n) || kp>>2 < uint8(Synonym) || kp>>2 > uint8(LaterSynonym) || s == 0 || s > 0xffff {
				d.fail("bad relation")
				break
			}
			l.rels = append(l.rels, relRec{target: uint32(t), sense: uint16(s), kind: Kind(kp >> 2), pos: kp & 3})
		}
		l.relOff[i+1] = uint32(len(l.rels))
	}
	if d.err == nil && uint64(len(l.rels)) != nrel {
		d.fail(fmt.Sprintf("relation count %d, header says %d", len(l.rels), nrel))
	}

	// Tag counts.
	for i := uint64(0); i < n && d.err == nil; i++ {
		m := d.byte1()
		for p := uint32(0); p < 4; p++ {
			if m&(1<<p) == 0 {
				continue
			}
			k := d.uvarint()
			if k > uint64(len(d.b)) {
				d.fail("bad tag count list")
				break
			}
			cs := make([]uint32, k)
			for j := range cs {
				cs[j] = uint32(d.uvarint())
				l.tags[i] += cs[j]
			}
			l.senses[uint32(i)<<2|p] = cs
		}
	}

	// Exceptions.
	for p := 0; p < 4 && d.err == nil; p++ {
		c := d.uvarint()
		if c > uint64(len(d.b)) {
			d.fail("bad exception count")
			break
		}
		l.exc[p] = make(map[string][]uint32, c)
		for j := uint64(0); j < c && d.err == nil; j++ {
			form := string(d.bytesN(d.uvarint()))
			m := d.uvarint()
			if m > uint64(len(d.b)) {
				d.fail("bad exception")
				break
			}
			bs := make([]uint32, m)
			for k := range bs {
				b := d.uvarint()
				if b >= n {
					d.fail("bad exception base")
					break
				}
				bs[k] = uint32(b)
			}
			l.exc[p][form] = bs
		}
	}
	// Phrases.
	if d.err == nil {
		d.phrases(l, n)
	}
	// Seats.
	if d.err == nil {
		c := d.uvarint()
		if c > n {
			d.fail("bad seat count")
		}
		l.seats = make(map[uint32]string, min(c, n))
		last := int64(-1)
		for i := uint64(0); i < c && d.err == nil; i++ {
			k := d.uvarint()
			name := d.bytesN(d.uvarint())
			if k >= n || int64(k) <= last || len(name) == 0 {
				d.fail("bad seat")
				break
			}
			last = int64(k)
			l.seats[uint32(k)] = string(name)
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	return l, nil
}

// phrases decodes the phrase section into l; n is the number of lemmas.
func (d *decoder) phrases(l *Lexicon, n uint64) {
	np := d.uvarint()
	nrel := d.uvarint()
	if d.err != nil || np > uint64(len(d.b)) || nrel > uint64(len(d.b)) {
		d.fail("bad phrase counts")
		return
	}
	l.phrases = make([]string, np)
	l.phraseOff = make([]uint32, np+1)
	l.phraseRels = make([]relRec, 0, nrel)
	buf := make([]byte, 0, 12*np)
	ends := make([]uint32, np)
	var prev []byte
	for i := uint64(0); i < np && d.err == nil; i++ {
		shared := d.uvarint()
		suf := d.bytesN(d.uvarint())
		if shared > uint64(len(prev)) {
			d.fail("bad phrase prefix length")
			return
		}
		start := len(buf)
		buf = append(buf, prev[:shared]...)
		buf = append(buf, suf...)
		prev = buf[start:]
		ends[i] = uint32(len(buf))
	}
	all := string(buf)
	start := uint32(0)
	for i := range l.phrases {
		l.phrases[i] = all[start:ends[i]]
		start = ends[i]
	}
	for i := uint64(0); i < np && d.err == nil; i++ {
		c := d.uvarint()
		if c == 0 {
			d.fail("empty phrase relation list")
			return
		}
		for j := uint64(0); j < c && d.err == nil; j++ {
			t := d.uvarint()
			kp := d.byte1()
			s := d.uvarint()
			if t >= n || kp>>2 < uint8(Synonym) || kp>>2 > uint8(LaterSynonym) || s == 0 || s > 0xffff {
				d.fail("bad phrase relation")
				return
			}
			l.phraseRels = append(l.phraseRels, relRec{target: uint32(t), sense: uint16(s), kind: Kind(kp >> 2), pos: kp & 3})
		}
		l.phraseOff[i+1] = uint32(len(l.phraseRels))
	}
	if d.err == nil && uint64(len(l.phraseRels)) != nrel {
		d.fail(fmt.Sprintf("phrase relation count %d, header says %d", len(l.phraseRels), nrel))
	}
}
