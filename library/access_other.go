//go:build !unix

package library

// writable reports true: elsewhere than on Unix the library is opened for writing, and opened
// read-only only when that fails.
func writable(string) bool { return true }
