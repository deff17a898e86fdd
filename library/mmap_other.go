//go:build !unix

package library

import "os"

// mapFile reads the file at path into memory (memory maps are used on Unix only).
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }
