package lexicon

import (
	"strings"
	"testing"
)

// TestBritishAmericanEndings checks what callers rely on: no ending, on either side, is the end
// of another on its side (so the first match is the only one), and each pair differs.
func TestBritishAmericanEndings(t *testing.T) {
	for side := range 2 {
		for i, a := range BritishAmericanEndings {
			if a[0] == a[1] {
				t.Errorf("pair %q spells both sides alike", a)
			}
			for j, b := range BritishAmericanEndings {
				if i != j && strings.HasSuffix(a[side], b[side]) {
					t.Errorf("ending %q ends with %q", a[side], b[side])
				}
			}
		}
	}
}
