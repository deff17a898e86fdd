package library_test

import (
	"bytes"
	"io"
	"os"
	"slices"
	"testing"
)

// TestReleaseSnapshot checks that releasing part of a snapshot leaves every byte of it as it
// was, whether the bytes are the mapped snapshot or a copy of it.
func TestReleaseSnapshot(t *testing.T) {
	lib := open(t, t.TempDir())
	want := make([]byte, 5*os.Getpagesize()+123)
	for i := range want {
		want[i] = byte(i*7 + i/4096)
	}
	if err := lib.WriteSnapshot(func(w io.Writer) error { _, err := w.Write(want); return err }); err != nil {
		t.Fatal(err)
	}
	data, err := lib.ReadSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	copied := slices.Clone(data)
	for _, tt := range []struct {
		name string
		b    []byte
	}{{"mapped", data}, {"copied", copied}} {
		lib.ReleaseSnapshot(tt.b[100 : len(tt.b)-100])
		lib.ReleaseSnapshot(tt.b)
		if !bytes.Equal(tt.b, want) {
			t.Errorf("%s: the snapshot's bytes changed when released", tt.name)
		}
	}
}
