//go:build unix

package library

import (
	"fmt"
	"os"
	"sync"
	"syscall"
)

// mapped holds the files this process has mapped, by device and inode.
var mapped struct {
	sync.Mutex
	files map[[2]uint64][]byte
}

// mapFile maps the file at path read-only and shared, once per file (device and inode).
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || info.Size() == 0 || int64(int(info.Size())) != info.Size() {
		return os.ReadFile(path)
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
