package main

import (
	"bufio"
	"context"
	"errors"
	"io"

	"github.com/doctrinebot/doctrinebot/bot"
)

// lineReader reads lines from standard input in a goroutine, so that a command waiting for
// the next line still ends when its context does (Ctrl-C): a read from a pipe or a terminal
// cannot itself be interrupted.
type lineReader struct {
	lines chan readLine
	stop  chan struct{}
}

// readLine is one result of bot.ReadLine.
type readLine struct {
	text string
	err  error
}

// newLineReader starts reading lines of at most limit bytes from r (see bot.ReadLine), a
// UTF-8 byte-order mark at its start left out. Call close when done with it.
func newLineReader(r io.Reader, limit int) *lineReader {
	l := &lineReader{lines: make(chan readLine), stop: make(chan struct{})}
	go func() {
		defer close(l.lines)
		br := bufio.NewReader(r)
		if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
			br.Discard(len(utf8BOM)) // an encoding's mark (Notepad writes one), no part of the first line
		}
		for {
			text, err := bot.ReadLine(br, limit)
			select {
			case l.lines <- readLine{text, err}:
			case <-l.stop:
				return
			}
			if err != nil && !errors.Is(err, bot.ErrLineTooLong) {
				return
			}
		}
	}()
	return l
}

// next returns the next line as bot.ReadLine does (the line, with io.EOF at the end of input
// and bot.ErrLineTooLong for a line over the limit), or ctx's error as soon as ctx ends.
func (l *lineReader) next(ctx context.Context) (string, error) {
	select {
	case r, ok := <-l.lines:
		if !ok {
			return "", io.EOF
		}
		return r.text, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// close lets the reading goroutine end: at once if it holds a line nobody took, else when its
// read returns (at the latest when the process exits).
func (l *lineReader) close() { close(l.stop) }

// utf8BOM is the UTF-8 encoding of the byte-order mark U+FEFF.
const utf8BOM = "\ufeff"
