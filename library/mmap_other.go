//go:build !unix

package library

import "os"

// mapFile reads the file at path into memory (memory maps are used on Unix only).
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }

// releaseMapped does nothing: without memory maps, the bytes are the process's own memory.
func releaseMapped([]byte) {}
