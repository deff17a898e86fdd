package main

import (
	"log/slog"
	"runtime/debug"
	"testing"
)

// TestGCPercentFor checks the GOGC for heaps of several sizes.
func TestGCPercentFor(t *testing.T) {
	const mb = 1 << 20
	for _, tt := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{gcHeadroom, 100},
		{2 * gcHeadroom, 50},
		{85 * mb, 37}, // the US Code's index and models
		{4 * gcHeadroom, 25},
		{100 * gcHeadroom, minGCPercent},
	} {
		if got := gcPercentFor(tt.live); got != tt.want {
			t.Errorf("gcPercentFor(%d MB) = %d, want %d", tt.live/mb, got, tt.want)
		}
	}
}

// TestTuneGCKeepsTheUsers checks that a GOGC the user set is left as it is.
func TestTuneGCKeepsTheUsers(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	if got := tuneGCNow(slog.New(slog.DiscardHandler)); got != 50 {
		t.Errorf("the user's GOGC=50 became %d", got)
	}
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("GOGC after tuneGC: %d, want the user's 50", got)
	}
}
