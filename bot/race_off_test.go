//go:build !race

package bot

// raceDetector is true when the tests run with the race detector (go test -race), which
// makes retrieval some ten times slower.
const raceDetector = false
