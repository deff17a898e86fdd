//go:build unix

package library

import (
	"fmt"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// mapped holds the files this process has mapped, by device and inode.
var mapped struct {
	sync.Mutex
	files map[[2]uint64][]byte
}

// mapFile maps the file at path read-only and shared, once per file (device and inode). A
// path that is no regular file (a FIFO, whose open would wait for a writer; a link to
// /dev/zero, which never ends) is an error (errNotRegular) that opens nothing of it but the
// directory entry; an empty file maps to no bytes.
func mapFile(path string) ([]byte, error) {
	// O_NONBLOCK: opening a FIFO returns at once; a regular file's reads ignore it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("map %s: %w (%s)", path, errNotRegular, info.Mode().Type())
	}
	if info.Size() == 0 {
		return []byte{}, nil
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || int64(int(info.Size())) != info.Size() {
		return nil, fmt.Errorf("map %s: %d bytes, more than this machine can map", path, info.Size())
	}
	id := [2]uint64{uint64(st.Dev), uint64(st.Ino)}
	mapped.Lock()
	defer mapped.Unlock()
	if b, ok := mapped.files[id]; ok && int64(len(b)) == info.Size() {
		return b, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	if mapped.files == nil {
		mapped.files = map[[2]uint64][]byte{}
	}
	mapped.files[id] = b
	return b, nil
}

// releaseMapped drops from this process's resident memory the whole pages inside b, when b
// lies in a mapping made by mapFile (madvise MADV_DONTNEED: the file's pages stay in the page
// cache, and reading b again maps them back, unchanged); any other b is left alone.
func releaseMapped(b []byte) {
	if len(b) == 0 {
		return
	}
	from := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	to := from + uintptr(len(b))
	mapped.Lock()
	defer mapped.Unlock()
	for _, m := range mapped.files {
		start := uintptr(unsafe.Pointer(unsafe.SliceData(m)))
		if from < start || to > start+uintptr(len(m)) {
			continue
		}
		page := uintptr(os.Getpagesize())
		first, last := (from-start+page-1)/page*page, (to-start)/page*page
		if first < last {
			syscall.Madvise(m[first:last], syscall.MADV_DONTNEED)
		}
		return
	}
}
