//go:build !unix

package library

import (
	"fmt"
	"os"
)

// mapFile reads the file at path into memory (memory maps are used on Unix only); a path that
// is no regular file is an error (errNotRegular).
func mapFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read %s: %w (%s)", path, errNotRegular, info.Mode().Type())
	}
	return os.ReadFile(path)
}

// releaseMapped does nothing: without memory maps, the bytes are the process's own memory.
func releaseMapped([]byte) {}
