package bot

import (
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// analysis holds every passage analysed for retrieval — sentences, their terms, heading
// terms — in a few large slices instead of a few small ones per passage, which keeps a
// library of hundreds of thousands of passages cheap to build, hold and save; term IDs and
// byte offsets take 16 bits each where they fit (see narrow).
type analysis struct {
	// sentOff[p] is passage p's first sentence; its sentences are sentOff[p]..sentOff[p+1]-1.
	sentOff []int32
	// spans holds each sentence's start and end, byte offsets in its passage's Text.
	spans narrow
	// question marks the sentences that ask rather than state (see isQuestion), note those
	// that stand in an editor's note (see inNote).
	question, note []bool
	// termOff[s] is sentence s's first term in terms; len(termOff) is sentences+1.
	termOff []int32
	// terms holds the index-term IDs of every sentence, in order.
	terms narrow
	// headOff[p] is passage p's first heading term in head; len(headOff) is passages+1.
	headOff []int32
	// head holds the term IDs of each passage's heading field (see headingText).
	head narrow
}

// narrow is a sequence of non-negative integers held in 16 bits each when every one is
// under 65,536, else in 32: term IDs (a library as large as the US Code has 54,915 terms)
// and byte offsets in a passage. The zero value is the empty sequence.
type narrow struct {
	u16 []uint16 // the values when they all fit in 16 bits, else nil
	i32 []int32  // else the values
}

// narrowOf returns v as a narrow sequence; it keeps v itself when a value needs 32 bits.
func narrowOf(v []int32) narrow {
	if len(v) == 0 {
		return narrow{}
	}
	for _, n := range v {
		if n < 0 || n > math.MaxUint16 {
			return narrow{i32: v}
		}
	}
	u := make([]uint16, len(v))
	for i, n := range v {
		u[i] = uint16(n)
	}
	return narrow{u16: u}
}

// len returns the number of values.
func (v narrow) len() int { return len(v.u16) + len(v.i32) }

// appendTo appends values from..to-1 to dst.
func (v narrow) appendTo(dst []int32, from, to int) []int32 {
	if v.i32 != nil {
		return append(dst, v.i32[from:to]...)
	}
	for _, n := range v.u16[from:to] {
		dst = append(dst, int32(n))
	}
	return dst
}

// passageInfo is one passage's view of the analysis: its sentences, their terms and its
// heading's terms.
type passageInfo struct {
	spans    []int32 // start and end of each sentence
	question []bool  // whether each sentence asks a question
	note     []bool  // whether each sentence stands in an editor's note (see inNote)
	termOff  []int32 // sentence s's terms are terms[termOff[s]:termOff[s+1]]
	terms    []int32
	// heading holds the term IDs of the two innermost headings (not the document title, which
	// every passage of the document shares).
	heading []int32
	// num is the passage's number.
	num int32
}

// sentences returns the number of sentences.
func (p *passageInfo) sentences() int { return len(p.question) }

// sentenceText returns sentence s of text, the passage text the analysis was made of.
func (p *passageInfo) sentenceText(text string, s int) string {
	return text[p.spans[2*s]:p.spans[2*s+1]]
}

// sentenceTerms returns the term IDs of sentence s.
func (p *passageInfo) sentenceTerms(s int) []int32 { return p.terms[p.termOff[s]:p.termOff[s+1]] }

// info returns passage i's analysis, copied out of the index's (one small allocation).
func (x *Index) info(i int) passageInfo {
	a := &x.analysis
	s0, s1 := int(a.sentOff[i]), int(a.sentOff[i+1])
	t0, t1 := int(a.termOff[s0]), int(a.termOff[s1])
	h0, h1 := int(a.headOff[i]), int(a.headOff[i+1])
	n := s1 - s0
	buf := make([]int32, 0, 3*n+1+t1-t0+h1-h0)
	buf = a.spans.appendTo(buf, 2*s0, 2*s1)
	for _, o := range a.termOff[s0 : s1+1] {
		buf = append(buf, o-int32(t0))
	}
	buf = a.terms.appendTo(buf, t0, t1)
	buf = a.head.appendTo(buf, h0, h1)
	terms := 3*n + 1
	head := terms + t1 - t0
	return passageInfo{
		spans:    buf[: 2*n : 2*n],
		question: a.question[s0:s1],
		note:     a.note[s0:s1],
		termOff:  buf[2*n : terms : terms],
		terms:    buf[terms:head:head],
		heading:  buf[head:],
		num:      int32(i),
	}
}

// infoOf returns the analysis of the passage with the given ID.
func (x *Index) infoOf(id string) passageInfo { return x.info(x.number(id)) }

// wordInfo is a worker's analysis of one lowercase token.
type wordInfo struct {
	word   string // the token with accents folded (see foldMarks)
	term   int32  // the worker's number for its index term; -1 for a stopword
	inText bool   // met in a passage's text (not only in headings)
	// number is the value of a word for a ten from twenty to ninety or for a unit from one to
	// nine, 0 for any other token (see numberWordValue).
	number int8
}

// analysisWorker analyses passages on one goroutine with caches of its own, so that workers
// share nothing while they run; its term numbers are its own, mapped to the index's after.
type analysisWorker struct {
	an     *analyzer
	cache  map[string]int32 // token → position in infos
	infos  []wordInfo
	termID map[string]int32
	terms  []string
	tf     []float32 // per term, the current passage's weighted frequency
	buf    []byte
	digits []byte // a compound number's digits (see numberWordValue)
}

// lookup returns the position in w.infos of a token's analysis, computing it on first sight.
func (w *analysisWorker) lookup(tok []byte) int32 {
	if i, ok := w.cache[string(tok)]; ok {
		return i
	}
	s := string(tok)
	wi := wordInfo{word: foldMarks(s), term: -1, number: numberWordValue(s)}
	if t := w.an.computeTerm(s); t != "" {
		id, ok := w.termID[t]
		if !ok {
			id = int32(len(w.terms))
			w.termID[t] = id
			w.terms = append(w.terms, t)
			w.tf = append(w.tf, 0)
		}
		wi.term = id
	}
	i := int32(len(w.infos))
	w.cache[s] = i
	w.infos = append(w.infos, wi)
	return i
}

// numberWordValue returns the value of a lowercase word for a ten from twenty to ninety
// ("thirty" → 30) or for a unit from one to nine ("five" → 5), 0 for any other token.
//
// A ten in words followed by a unit ("thirty five", "twenty-five") is indexed as its words
// and as the number in digits ("35"), which is how questions write it: the texts that spell
// their numbers (the Constitution's ages and terms) and the questions that do not then meet,
// as numberForms lets "sixty" meet "60"; numberForms, one term to others, cannot map a
// number to two words.
func numberWordValue(word string) int8 {
	if v, ok := tensWords[word]; ok {
		return int8(v)
	}
	if i := slices.Index(cardinalWords[:9], word); i >= 0 {
		return int8(i + 1)
	}
	return 0
}

// analysedChunk is a run of consecutive passages analysed by one worker, in its term numbers.
type analysedChunk struct {
	w         *analysisWorker
	from, to  int
	sentences []int32 // per passage
	spans     []int32
	question  []bool
	note      []bool
	termCount []int32 // per sentence
	terms     []int32
	headCount []int32 // per passage
	head      []int32
	postCount []int32 // per passage: distinct terms
	postTerm  []int32
	postTF    []uint16 // see tfCode
	dl        []float32
	touched   []int32
}

// chunkPassages is how many passages a worker analyses at a time.
const chunkPassages = 1024

// analyse splits and tokenises every passage once, on all cores: it fills x.analysis,
// x.bm25 and x.words. Term IDs number the terms in sorted order, so the index is the same
// whatever the number of cores.
func (x *Index) analyse() {
	n := len(x.passages)
	stems := listStems(x.passages)
	chunks := make([]*analysedChunk, (n+chunkPassages-1)/chunkPassages)
	workers := min(runtime.GOMAXPROCS(0), len(chunks))
	ws := make([]*analysisWorker, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range ws {
		w := &analysisWorker{an: x.an, cache: map[string]int32{}, termID: map[string]int32{}}
		ws[k] = w
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chunks) {
					return
				}
				from := c * chunkPassages
				to := min(from+chunkPassages, n)
				chunks[c] = w.analyse(x.passages[from:to], stems[from:to], from)
			}
		})
	}
	wg.Wait()

	// The index's terms, sorted, and each worker's numbers mapped to them.
	ids := map[string]int32{}
	var terms []string
	for _, w := range ws {
		for _, t := range w.terms {
			if _, ok := ids[t]; !ok {
				ids[t] = 0
				terms = append(terms, t)
			}
		}
	}
	slices.Sort(terms)
	for i, t := range terms {
		ids[t] = int32(i)
	}
	remap := map[*analysisWorker][]int32{}
	words := map[string]int32{} // surface word → term ID
	for _, w := range ws {
		m := make([]int32, len(w.terms))
		for i, t := range w.terms {
			m[i] = ids[t]
		}
		remap[w] = m
		for _, wi := range w.infos {
			if wi.inText && wi.term >= 0 {
				words[wi.word] = m[wi.term]
			}
		}
	}
	sorted := slices.Sorted(maps.Keys(words))
	x.words, x.wordTerms = newStringTable(sorted), make([]int32, len(sorted))
	for i, w := range sorted {
		x.wordTerms[i] = words[w]
	}

	// Concatenate the chunks.
	var sentences, termTotal, headTotal, postTotal int
	for _, c := range chunks {
		sentences += len(c.question)
		termTotal += len(c.terms)
		headTotal += len(c.head)
		postTotal += len(c.postTerm)
	}
	a := analysis{
		sentOff:  make([]int32, 0, n+1),
		question: make([]bool, 0, sentences),
		note:     make([]bool, 0, sentences),
		termOff:  make([]int32, 0, sentences+1),
		headOff:  make([]int32, 0, n+1),
	}
	spans := make([]int32, 0, 2*sentences)
	allTerms := make([]int32, 0, termTotal)
	head := make([]int32, 0, headTotal)
	df := make([]int32, len(terms)+1)
	dl := make([]float32, 0, n)
	for _, c := range chunks {
		m := remap[c.w]
		s, at := 0, int32(len(allTerms))
		for _, count := range c.sentences {
			a.sentOff = append(a.sentOff, int32(len(a.question)))
			for range count {
				a.termOff = append(a.termOff, at)
				a.question = append(a.question, c.question[s])
				a.note = append(a.note, c.note[s])
				at += c.termCount[s]
				s++
			}
		}
		spans = append(spans, c.spans...)
		for _, t := range c.terms {
			allTerms = append(allTerms, m[t])
		}
		h := 0
		for _, count := range c.headCount {
			a.headOff = append(a.headOff, int32(len(head)))
			for range count {
				head = append(head, m[c.head[h]])
				h++
			}
		}
		for i, t := range c.postTerm {
			c.postTerm[i] = m[t]
			df[m[t]+1]++
		}
		dl = append(dl, c.dl...)
		c.terms, c.head = nil, nil
	}
	a.sentOff = append(a.sentOff, int32(len(a.question)))
	a.termOff = append(a.termOff, int32(len(allTerms)))
	a.headOff = append(a.headOff, int32(len(head)))
	a.spans, a.terms, a.head = narrowOf(spans), narrowOf(allTerms), narrowOf(head)
	x.analysis = a

	// Postings by term, each term's by passage.
	for t := 1; t < len(df); t++ {
		df[t] += df[t-1]
	}
	b := &bm25Index{ids: newStringTable(terms), terms: terms, off: df, low: make([]uint16, postTotal), tf: make([]uint16, postTotal), norm: lengthNorms(dl)}
	stride := b.segments() + 1
	b.seg = make([]int32, len(terms)*stride)
	cursor := slices.Clone(df[:len(terms)])
	for _, c := range chunks {
		k := 0
		for i, count := range c.postCount {
			p := c.from + i
			for range count {
				t := c.postTerm[k]
				b.low[cursor[t]], b.tf[cursor[t]] = uint16(p%postingSegment), c.postTF[k]
				cursor[t]++
				// Passages come in order: the term's segments up to p's start at most here.
				b.seg[int(t)*stride+p/postingSegment+1] = cursor[t]
				k++
			}
		}
	}
	// A segment where a term has no posting starts where the one before it ends.
	for t := range terms {
		seg := b.seg[t*stride : (t+1)*stride]
		seg[0] = df[t]
		for s := 1; s < stride; s++ {
			seg[s] = max(seg[s], seg[s-1])
		}
	}
	x.bm25 = b
}

// analyse analyses passages (the first numbered from), one at a time, each with the stems of
// the lists it continues (see listStems) in its heading field.
func (w *analysisWorker) analyse(passages []*corpus.Passage, stems []string, from int) *analysedChunk {
	c := &analysedChunk{w: w, from: from, to: from + len(passages)}
	for pi, p := range passages {
		var length float32
		count := func(id int32, weight float32) {
			if w.tf[id] == 0 {
				c.touched = append(c.touched, id)
			}
			w.tf[id] += weight
		}
		sents := corpus.Sentences(p.Text)
		var notes []bool
		if hasBracket(p.Text) {
			// A term of an editor's note (see inNote) counts half in BM25, as one of a
			// question does: the note comments on the text (see noteWeight).
			starts := make([]int, len(sents))
			for i, s := range sents {
				starts[i] = s.Start
			}
			notes = inNote(p.Text, starts)
		}
		for si, s := range sents {
			text := p.Text[s.Start:s.End]
			weight := float32(1)
			q := isQuestion(text)
			if q || notes != nil && notes[si] {
				weight = questionWeight
			}
			before := len(c.terms)
			var tens int8 // the value of the word before when it is a ten (see numberWordValue)
			w.buf = appendWords(w.buf, text, func(tok []byte) {
				i := w.lookup(tok)
				wi := &w.infos[i]
				n := wi.number
				if wi.term >= 0 {
					wi.inText = true
					c.terms = append(c.terms, wi.term)
					count(wi.term, weight)
					length += weight
				}
				if tens > 0 && n > 0 && n < 10 {
					// "thirty five Years": the number's term too, in digits, as a question
					// writes it ("Can a 35 year old be president?"), not counted in the
					// passage's length, which its words already make.
					w.digits = strconv.AppendInt(w.digits[:0], int64(tens+n), 10)
					d := &w.infos[w.lookup(w.digits)]
					d.inText = true
					c.terms = append(c.terms, d.term)
					count(d.term, weight)
				}
				tens = 0
				if n >= 20 {
					tens = n
				}
			})
			c.spans = append(c.spans, int32(s.Start), int32(s.End))
			c.question = append(c.question, q)
			c.note = append(c.note, notes != nil && notes[si])
			c.termCount = append(c.termCount, int32(len(c.terms)-before))
		}
		c.sentences = append(c.sentences, int32(len(sents)))
		before := len(c.head)
		w.buf = appendWords(w.buf, headingText(p), func(tok []byte) {
			if t := w.infos[w.lookup(tok)].term; t >= 0 {
				c.head = append(c.head, t)
				count(t, headingWeight)
				length += headingWeight
			}
		})
		// The stems of the lists the passage continues count as headings but not towards
		// its length: they are context it inherits, and a longer passage would score lower
		// on every other word for them.
		w.buf = appendWords(w.buf, stems[pi], func(tok []byte) {
			if t := w.infos[w.lookup(tok)].term; t >= 0 {
				c.head = append(c.head, t)
				count(t, headingWeight)
			}
		})
		heading := len(c.head) - before
		c.headCount = append(c.headCount, int32(heading))
		c.postCount = append(c.postCount, int32(len(c.touched)))
		for _, t := range c.touched {
			c.postTerm = append(c.postTerm, t)
			c.postTF = append(c.postTF, tfCode(w.tf[t]))
			w.tf[t] = 0
		}
		c.touched = c.touched[:0]
		c.dl = append(c.dl, length)
	}
	return c
}
