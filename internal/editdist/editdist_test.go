package editdist

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"sector", "sector", 2, 0},
		{"sectr", "sector", 2, 1},
		{"securty", "security", 2, 1},
		{"teh", "the", 2, 1}, // adjacent transposition
		{"definiton", "definition", 2, 1},
		{"definiton", "sectors", 2, 3}, // over the limit: limit+1
		{"", "abc", 5, 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
