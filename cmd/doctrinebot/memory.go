package main

import (
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// gcHeadroom is how far, in bytes, the Go heap of a process answering from a library may grow
// past what is live before the collector runs. Go's default (GOGC=100) lets it grow by as
// much again as is live: for the US Code (309,184 passages), whose index and models keep 85 to
// 115 MB live, up to 230 MB, though an answer allocates about 2 MB and holds at most about
// 10 MB at once (the keyword scores of every passage, 16 bytes each).
const gcHeadroom = 32 << 20

// minGCPercent is the lowest GOGC tuneGC sets: below it, on an enormous index, the collector
// would run after every few answers.
const minGCPercent = 10

// gcTuned is the GOGC tuneGC last set; 0 before it sets one.
var gcTuned atomic.Int64

// tuneGC makes the collector keep the heap within gcHeadroom of what is live once an index
// is loaded: in the background, it collects (returning the memory loading freed to the system)
// and measures the live heap, then sets GOGC to the percentage of it that gcHeadroom is, when
// that is under the default 100. A percentage rather than a memory limit
// (debug.SetMemoryLimit), so that the heap may still grow with what it holds — the chromem-go
// collection made by the first VectorOnly search, the documents made for a quiz — without
// the collector running without end at a limit. A GOGC set by the user (other than 100) is
// kept. For the US Code it sets GOGC=37: about 155 MB of heap instead of 230 MB. (When serve
// reloads its library, the old index is still live when the new one is measured: GOGC is
// then set lower than need be, which costs collections, not memory.)
func tuneGC(logger *slog.Logger) {
	go tuneGCNow(logger)
}

// tuneGCNow is tuneGC's work, done before it returns; it returns the GOGC in force after.
func tuneGCNow(logger *slog.Logger) int {
	debug.FreeOSMemory()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return debug.SetGCPercent(debug.SetGCPercent(100))
	}
	live := sample[0].Value.Uint64()
	percent := gcPercentFor(live)
	if was := debug.SetGCPercent(percent); was != 100 && int64(was) != gcTuned.Load() {
		debug.SetGCPercent(was) // the user's
		return was
	}
	gcTuned.Store(int64(percent))
	logger.Debug("collector tuned", "live_mb", live>>20, "gogc", percent)
	return percent
}

// gcPercentFor returns the GOGC that lets a heap with live bytes live grow by gcHeadroom:
// 100 (the default) for a heap under gcHeadroom, never under minGCPercent.
func gcPercentFor(live uint64) int {
	if live <= gcHeadroom {
		return 100
	}
	return max(minGCPercent, int(100*gcHeadroom/live))
}
