package main

import (
	"context"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"sync"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/library"
)

// libraryIndex returns the index of the library in dir for answering with model, or nil
// (and no error) when dir holds no library or an empty one. It reads the library's index
// snapshot when one was saved for the library's current content, the same model and this
// build of doctrinebot, and releases from memory what of it only loading reads (see
// library.Library.ReleaseSnapshot); otherwise it loads the documents and vectors, builds
// the index (bot.NewIndex with opts) and saves its snapshot for the next start (a library it
// may not write to is only logged). Either way it then tunes the collector for a heap that
// holds the index (see tuneGC). The library is checked (library.Library.Check: 0.7 s for the
// US Code's) only when the index is built anew, since the snapshot was built from a checked
// library and holds its own checksum. A library embedded with another model returns
// library.ErrModelMismatch; a damaged one, library.ErrDamaged.
func libraryIndex(ctx context.Context, dir string, model library.Model, opts bot.IndexOptions, logger *slog.Logger) (*bot.Index, error) {
	if err := checkDataDir(dir); err != nil {
		return nil, err
	}
	if !libraryExists(dir) {
		return nil, nil
	}
	lib, err := library.OpenUnchecked(ctx, dir, model)
	if err != nil {
		return nil, err
	}
	defer lib.Close()
	version, err := lib.ContentVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("library %s; model %s; doctrinebot %s", version, model, codeVersion())
	data, err := lib.ReadSnapshot()
	if err == nil {
		opts := opts
		opts.Release = lib.ReleaseSnapshot
		idx, err := bot.ReadSnapshot(ctx, data, key, opts)
		if err == nil {
			tuneGC(logger)
			return idx, nil
		}
		logger.Debug("index snapshot not used", "error", err)
	} else if !errors.Is(err, fs.ErrNotExist) {
		logger.Debug("index snapshot not read", "error", err)
	}
	if err := lib.Check(ctx); err != nil {
		return nil, err
	}
	docs, vectors, err := lib.Load(ctx)
	if err != nil || len(docs) == 0 {
		return nil, err
	}
	opts.Vectors = vectors
	idx, err := bot.NewIndex(ctx, docs, opts)
	if err != nil {
		return nil, err
	}
	if lib.ReadOnly() {
		logger.Warn("index snapshot not saved: the library is read-only for this user, so every start builds the index; a run of ask by its owner saves one", "library", dir)
	} else if err := lib.WriteSnapshot(func(w io.Writer) error { return idx.WriteSnapshot(w, key) }); err != nil {
		logger.Warn("index snapshot not saved; the next start will build the index again", "error", err)
	}
	tuneGC(logger)
	return idx, nil
}

// codeVersion identifies this build of doctrinebot for the index snapshot's key: the Go
// build ID of the executable (a hash of its code and dependencies, the same for the same
// source), else the executable's size and modification time.
var codeVersion = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		// The note: name size, description size, type 4, "Go\0\0", the build ID.
		if s := f.Section(".note.go.buildid"); s != nil {
			if b, err := s.Data(); err == nil && len(b) >= 16 && string(b[12:16]) == "Go\x00\x00" {
				if n := int(binary.LittleEndian.Uint32(b[4:8])); 16+n <= len(b) {
					return string(b[16 : 16+n])
				}
			}
		}
	}
	info, err := os.Stat(exe)
	if err != nil {
		return "unknown"
	}
	return strconv.FormatInt(info.Size(), 10) + "@" + strconv.FormatInt(info.ModTime().UnixNano(), 10)
})
