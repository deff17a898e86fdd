package discord

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	para := strings.Repeat("word ", 60) // 300 characters
	quote := "> " + strings.Repeat("quoted ", 100)
	code := "```\n" + strings.Repeat("code line\n", 40) + "```"
	tests := []struct {
		name  string
		text  string
		limit int
	}{
		{"short", "hello", 2000},
		{"paragraphs", strings.Repeat(para+"\n\n", 20), 2000},
		{"long quote line", quote + "\n" + quote + "\n— source", 300},
		{"code block", "intro\n" + code + "\nafter", 150},
		{"one long word", strings.Repeat("x", 5000), 2000},
		{"emoji count as two", strings.Repeat("😀", 1500), 2000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, tt.limit)
			if len(got) == 0 {
				t.Fatal("no messages")
			}
			joined := ""
			for i, m := range got {
				if length(m) > tt.limit {
					t.Errorf("message %d has %d characters, over %d", i, length(m), tt.limit)
				}
				if strings.TrimSpace(m) == "" {
					t.Errorf("message %d is empty", i)
				}
				if strings.Count(m, "```")%2 != 0 {
					t.Errorf("message %d leaves a code block open:\n%s", i, m)
				}
				if tt.name == "long quote line" {
					for _, l := range strings.Split(m, "\n") {
						if !strings.HasPrefix(l, "> ") && !strings.HasPrefix(l, "— ") {
							t.Errorf("message %d: a quote line lost its '> ': %q", i, l)
						}
					}
				}
				joined += m
			}
			if a, b := strings.Join(strings.Fields(strings.NewReplacer("```", "", ">", "").Replace(joined)), ""), strings.Join(strings.Fields(strings.NewReplacer("```", "", ">", "").Replace(tt.text)), ""); a != b {
				t.Errorf("text changed by splitting")
			}
		})
	}
}
