package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/llm"
)

// chatServer is an OpenAI-compatible chat endpoint on httptest: reply decides each answer
// from the request number (from 1) and the user prompt.
func chatServer(t *testing.T, reply func(n int, prompt string, w http.ResponseWriter)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		var req struct {
			Messages []struct{ Role, Content string }
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) != 2 {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		reply(int(calls.Add(1)), req.Messages[1].Content, w)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func completion(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "x", "object": "chat.completion", "model": "test",
		"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]string{"role": "assistant", "content": content}}},
	})
}

func generatingAnswerer(t *testing.T, srv *httptest.Server, timeout time.Duration) *Answerer {
	c := llm.New(llm.Config{BaseURL: srv.URL + "/v1", APIKey: "test", Timeout: timeout, MaxBackoff: 50 * time.Millisecond})
	chat := func(ctx context.Context, system, user string) (string, error) {
		return c.Chat(ctx, "test-model", system, user)
	}
	return &Answerer{Index: builtin(t), Generator: &Generator{Chat: chat, Model: "test-model", Passages: 3}}
}

const definition = "all those institutions whose primary role is the provision of internal and external security"

func TestGeneratedAnswers(t *testing.T) {
	tests := []struct {
		name  string
		reply func(n int, prompt string, w http.ResponseWriter)
		check func(t *testing.T, a *Answer, calls int)
	}{
		{"faithful", func(n int, prompt string, w http.ResponseWriter) {
			completion(w, `It is "`+definition+`" [1], as the lecture puts it.`)
		}, func(t *testing.T, a *Answer, calls int) {
			if !a.Generated || a.Unverified != 0 || !strings.Contains(a.Lead, "“"+definition+"” [1]") {
				t.Errorf("generated %v, unverified %d, lead %q", a.Generated, a.Unverified, a.Lead)
			}
			if len(a.Quotes) == 0 || !strings.Contains(a.Quotes[0].Passage.Text, definition) {
				t.Errorf("the verified passage is not quoted first: %v", a.Quotes)
			}
		}},
		{"invented quote beside a true one", func(n int, prompt string, w http.ResponseWriter) {
			completion(w, `It is "`+definition+`" [1]. Chuter also says "armies must always obey generals" [2].`)
		}, func(t *testing.T, a *Answer, calls int) {
			if strings.Contains(a.Lead, "“armies must always obey generals”") || !strings.Contains(a.Lead, "armies must always obey generals (not found in the passages: unverified)") {
				t.Errorf("the invented quotation is shown as a quotation: %q", a.Lead)
			}
			if a.Unverified != 1 || !a.Generated {
				t.Errorf("unverified %d, generated %v", a.Unverified, a.Generated)
			}
		}},
		{"only an invented quote falls back", func(n int, prompt string, w http.ResponseWriter) {
			completion(w, `Chuter says "armies must always obey generals" [1].`)
		}, func(t *testing.T, a *Answer, calls int) {
			if a.Generated || a.Fallback == "" || !strings.Contains(a.Quotes[0].Passage.Text, definition) {
				t.Errorf("want the extractive answer with a fallback reason; got generated %v, fallback %q", a.Generated, a.Fallback)
			}
		}},
		{"a citation with no quotation falls back", func(n int, prompt string, w http.ResponseWriter) {
			completion(w, `The security sector is abolished by order of the admins [1].`)
		}, func(t *testing.T, a *Answer, calls int) {
			if a.Generated || strings.Contains(a.Lead, "abolished") || a.Fallback == "" {
				t.Errorf("want the extractive answer with a fallback reason; got generated %v, lead %q, fallback %q", a.Generated, a.Lead, a.Fallback)
			}
		}},
		{"citation of a passage not given", func(n int, prompt string, w http.ResponseWriter) {
			completion(w, `It is "`+definition+`" [1] and more [7].`)
		}, func(t *testing.T, a *Answer, calls int) {
			if strings.Contains(a.Lead, "[7]") || !a.Generated {
				t.Errorf("lead %q keeps [7] (3 passages were given)", a.Lead)
			}
		}},
		{"429 then success", func(n int, prompt string, w http.ResponseWriter) {
			if n == 1 {
				w.Header().Set("Retry-After", "0")
				http.Error(w, `{"error":{"message":"slow down","type":"rate_limit"}}`, http.StatusTooManyRequests)
				return
			}
			completion(w, `"`+definition+`" [1]`)
		}, func(t *testing.T, a *Answer, calls int) {
			if calls != 2 || !a.Generated {
				t.Errorf("%d calls, generated %v; want a retry and the answer", calls, a.Generated)
			}
		}},
		{"500 with an HTML page", func(n int, prompt string, w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		}, func(t *testing.T, a *Answer, calls int) {
			if a.Generated || !strings.Contains(a.Fallback, "HTTP 500") || !strings.Contains(a.Fallback, "not a JSON reply") {
				t.Errorf("fallback %q; want the status and that the reply was no JSON", a.Fallback)
			}
			if calls != 4 {
				t.Errorf("%d calls; want 1 + 3 bounded retries", calls)
			}
			if !a.Answered || !strings.Contains(a.Quotes[0].Passage.Text, definition) {
				t.Error("the extractive answer is lost")
			}
		}},
		{"timeout", func(n int, prompt string, w http.ResponseWriter) {
			time.Sleep(300 * time.Millisecond)
			completion(w, `"`+definition+`" [1]`)
		}, func(t *testing.T, a *Answer, calls int) {
			if a.Generated || !strings.Contains(a.Fallback, "deadline") {
				t.Errorf("fallback %q; want a deadline error", a.Fallback)
			}
		}},
		{"context length exceeded", func(n int, prompt string, w http.ResponseWriter) {
			if strings.Contains(prompt, "[2]") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":{"message":"This model's maximum context length is 8 tokens","type":"invalid_request_error","code":"context_length_exceeded"}}`)
				return
			}
			completion(w, `"`+definition+`" [1]`)
		}, func(t *testing.T, a *Answer, calls int) {
			if calls != 2 || !a.Generated {
				t.Errorf("%d calls, generated %v; want one retry with fewer passages", calls, a.Generated)
			}
		}},
		{"the model finds no answer", func(n int, prompt string, w http.ResponseWriter) {
			completion(w, "NOT COVERED")
		}, func(t *testing.T, a *Answer, calls int) {
			if a.Answered || len(a.Quotes) != 0 {
				t.Errorf("answered %v with %d quotes; want a refusal", a.Answered, len(a.Quotes))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := chatServer(t, tt.reply)
			// Only the timeout case needs a short deadline; the others get one no loaded
			// machine reaches, so that their retries are never cut short.
			timeout := 30 * time.Second
			if tt.name == "timeout" {
				timeout = 200 * time.Millisecond
			}
			a := generatingAnswerer(t, srv, timeout)
			got, err := a.Answer(context.Background(), "What is the security sector?", 2)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got, int(calls.Load()))
		})
	}
}

func TestVerify(t *testing.T) {
	passages := builtin(t).passages[:3]
	text := passages[1].Text
	words := strings.Fields(text)
	quote := strings.Join(words[:6], " ")
	tests := []struct {
		reply                string
		verified, unverified int
		want                 string
	}{
		// Citations number the passages in the order the answer first cites them: the
		// second passage given, cited alone, is [1] (the answer shows it first).
		{`"` + quote + `" [2]`, 1, 0, "“" + quote + "” [1]"},
		{`"` + strings.ToUpper(quote) + `" [2]`, 1, 0, "[1]"}, // case aside
		{`“` + quote + `” [1]`, 1, 0, "[1]"},                  // wrong citation set right
		{`See [3]. "` + quote + `" [2]`, 1, 0, "See [1]. “" + quote + "” [2]"},
		{`"` + strings.Join(words[:3], " ") + " ... " + strings.Join(words[5:8], " ") + `" [2]`, 1, 0, "[1]"},
		// A quotation of fewer than minSupportWords words is kept but supports nothing.
		{`"` + strings.Join(words[:3], " ") + `" [2] was abolished in 1999.`, 0, 0, "[1] was abolished in 1999."},
		// No control character or escape sequence of the model's reaches the text.
		{"\x1b[2J\x1b]0;pwned\x07\"" + quote + "\" [2]\u0085", 1, 0, "“" + quote + "” [1]"},
		{`"made up words here" [2]`, 0, 1, "made up words here (not found in the passages: unverified)"},
		{`See [9].`, 0, 0, "See ."},
		// Other ways of citing are read as "[n]": "[passage 2]", "[^2]", "【2】", ranges.
		{`"` + quote + `" [passage 2]`, 1, 0, "“" + quote + "” [1]"},
		{`"` + quote + `" [^2]`, 1, 0, "“" + quote + "” [1]"},
		{`"` + quote + `" 【2】`, 1, 0, "“" + quote + "” [1]"},
		{`See [Passage 3]. "` + quote + `" [2]`, 1, 0, "See [1]. “" + quote + "” [2]"},
		{`See [1-3].`, 0, 0, "See [1, 2, 3]."},
		// A citation of no passage given is dropped, however it is numbered.
		{`"` + quote + `" [2] and [-1] and [0] and [99999999999999999999].`, 1, 0, "“" + quote + "” [1] and and and ."},
	}
	// A footnote mark inside a quotation is the passage's, not a citation.
	notes := []*corpus.Passage{{Text: "Lu Meng [51] and Yo Fei were generals of note."}}
	if g := Verify(`"Lu Meng [51] and Yo Fei were generals" [1]`, notes); g.Verified != 1 || g.Text != "“Lu Meng [51] and Yo Fei were generals” [1]" {
		t.Errorf("a quotation holding [51]: %q, %d verified", g.Text, g.Verified)
	}
	// A reply that does not stop is cut at a sentence's end, with its quotation still checked.
	long := `"` + quote + `" [2]. ` + strings.Repeat("And so on. ", 1e5)
	if g := Verify(long, passages); g.Verified != 1 || len(g.Text) > maxReplyBytes+10 || !strings.HasSuffix(g.Text, "And so on. …") {
		t.Errorf("a 1 MB reply: %d bytes ending %q, %d verified", len(g.Text), g.Text[max(0, len(g.Text)-20):], g.Verified)
	}
	for _, tt := range tests {
		g := Verify(tt.reply, passages)
		if g.Verified != tt.verified || g.Unverified != tt.unverified || !strings.Contains(g.Text, tt.want) || strings.ContainsAny(g.Text, "\x1b\x07\u0085") {
			t.Errorf("Verify(%q) = %q, %d verified, %d unverified; want %q, %d, %d", tt.reply, g.Text, g.Verified, g.Unverified, tt.want, tt.verified, tt.unverified)
		}
	}
}
