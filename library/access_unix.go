//go:build unix

package library

import "syscall"

// writable reports whether this process may write the file or folder at path (access(2) with
// W_OK), or whether path does not exist.
func writable(path string) bool {
	const wOK = 2 // W_OK
	err := syscall.Access(path, wOK)
	return err == nil || err == syscall.ENOENT
}
