package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/doctrinebot/doctrinebot/bot"
	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/embeddings"
	"github.com/doctrinebot/doctrinebot/library"
	"github.com/doctrinebot/doctrinebot/llm"
)

// models is the model configuration: flags, else the environment (OPENAI_API_KEY,
// OPENAI_BASE_URL, DOCTRINEBOT_CHAT_MODEL, DOCTRINEBOT_EMBED_MODEL, DOCTRINEBOT_LLM_TIMEOUT).
// With none set, the built-in embedding model and extractive answers.
type models struct {
	baseURL, chatModel, embedModel string
	timeout                        time.Duration
	apiKey                         string
	// timeoutEnv is DOCTRINEBOT_LLM_TIMEOUT when --llm-timeout is not given: read only when
	// an endpoint is asked (see client), so that a command that asks none is not stopped by it.
	timeoutEnv string

	// emb caches what embedding returns: an endpoint's model is probed once per process.
	emb *embeddingModel
}

// embeddingModel is the embedding model in the forms its users need.
type embeddingModel struct {
	model    library.Model
	passage  library.EmbedFunc
	question bot.EmbeddingFunc
}

func (m *models) register(fs *flag.FlagSet) {
	fs.StringVar(&m.baseURL, "base-url", "", "OpenAI-compatible API root (default $OPENAI_BASE_URL)")
	fs.StringVar(&m.chatModel, "chat-model", "", "chat model that writes answers (default $DOCTRINEBOT_CHAT_MODEL; none: extractive answers)")
	fs.StringVar(&m.embedModel, "embed-model", "", "embedding model on the endpoint (default $DOCTRINEBOT_EMBED_MODEL; none: the built-in model)")
	fs.DurationVar(&m.timeout, "llm-timeout", 0, "time allowed per model request, retries included (default $DOCTRINEBOT_LLM_TIMEOUT, else 60s)")
}

// resolve fills what the flags left unset from the environment. Its one error is a usage
// mistake: --base-url given that is no http(s) URL (see checkBaseURL). The environment's
// values (OPENAI_BASE_URL, DOCTRINEBOT_LLM_TIMEOUT) are checked only when an endpoint is
// asked (see client), so that `corpus list` or `ask` with no model configured do not fail
// on a setting they never use.
func (m *models) resolve(getenv func(string) string) error {
	if err := checkBaseURL(m.baseURL); err != nil {
		// --base-url given on the command line is checked whether a model uses it or not,
		// as --llm-timeout is: a value of the wrong form is a usage mistake.
		return usageError{err.Error()}
	}
	pick := func(v *string, env string) {
		if *v == "" {
			*v = getenv(env)
		}
	}
	pick(&m.baseURL, "OPENAI_BASE_URL")
	pick(&m.chatModel, "DOCTRINEBOT_CHAT_MODEL")
	pick(&m.embedModel, "DOCTRINEBOT_EMBED_MODEL")
	m.apiKey = getenv("OPENAI_API_KEY")
	if m.timeout == 0 {
		m.timeoutEnv = getenv("DOCTRINEBOT_LLM_TIMEOUT")
	}
	return nil
}

// checkBaseURL returns an error naming base, an endpoint's base URL, when it is not empty and
// is no http or https URL with a host and, if it gives one, a port from 1 to 65535
// ("https://:80/v1" and "http://localhost:99999/v1" are none).
func checkBaseURL(base string) error {
	if base == "" {
		return nil
	}
	u, err := url.Parse(base)
	ok := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
	if ok && u.Port() != "" {
		p, err := strconv.Atoi(u.Port())
		ok = err == nil && p >= 1 && p <= 65535
	}
	if !ok {
		return fmt.Errorf("the base URL %q (--base-url or OPENAI_BASE_URL) is no http or https URL with a host (and a port from 1 to 65535, if any), such as http://localhost:11434/v1", base)
	}
	return nil
}

// client returns the client of the configured endpoint, its timeout per request --llm-timeout,
// else DOCTRINEBOT_LLM_TIMEOUT, else the client's default (60s). Errors (a mistake in the
// configuration, not in the command line): DOCTRINEBOT_LLM_TIMEOUT is no duration, or is not
// above 0; the base URL is no http or https URL with a host.
func (m *models) client() (*llm.Client, error) {
	if err := checkBaseURL(m.baseURL); err != nil {
		return nil, err
	}
	if m.timeout == 0 && m.timeoutEnv != "" {
		d, err := time.ParseDuration(m.timeoutEnv)
		switch {
		case err != nil:
			return nil, fmt.Errorf("DOCTRINEBOT_LLM_TIMEOUT=%q is not a duration such as 30s", m.timeoutEnv)
		case d <= 0:
			return nil, fmt.Errorf("DOCTRINEBOT_LLM_TIMEOUT=%q must be a duration above 0, such as 30s", m.timeoutEnv)
		}
		m.timeout = d
	}
	return llm.New(llm.Config{BaseURL: m.baseURL, APIKey: m.apiKey, Timeout: m.timeout}), nil
}

// embedding returns the embedding model as the library names it, the function embedding a
// passage with it, and the one embedding a question: the endpoint's model when one is
// configured (its dimension learnt from one probe request), else the built-in model.
func (m *models) embedding(ctx context.Context) (library.Model, library.EmbedFunc, bot.EmbeddingFunc, error) {
	if m.emb == nil {
		model, passage, question, err := m.newEmbedding(ctx)
		if err != nil {
			return library.Model{}, nil, nil, err
		}
		m.emb = &embeddingModel{model, passage, question}
	}
	return m.emb.model, m.emb.passage, m.emb.question, nil
}

// newEmbedding builds what embedding returns.
func (m *models) newEmbedding(ctx context.Context) (library.Model, library.EmbedFunc, bot.EmbeddingFunc, error) {
	if m.embedModel == "" {
		b := embeddings.Builtin()
		embed := func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
			return bot.EmbedPassage(ctx, b.Embed, b.Dim(), p)
		}
		return library.Model{Name: b.Name(), Dim: b.Dim()}, embed, b.Embed, nil
	}
	if err := m.reachable("embedding model", m.embedModel); err != nil {
		return library.Model{}, nil, nil, err
	}
	c, err := m.client()
	if err != nil {
		return library.Model{}, nil, nil, err
	}
	r := embeddings.NewRemote(c, m.embedModel, 0, 0)
	if _, err := r.Embed(ctx, "dimension probe"); err != nil {
		var failed *llm.Error
		if errors.As(err, &failed) {
			return library.Model{}, nil, nil, failed // it names the endpoint, the model and the cause
		}
		return library.Model{}, nil, nil, fmt.Errorf("embedding model %s: %w", m.embedModel, err)
	}
	embed := func(ctx context.Context, p *corpus.Passage) ([]float32, error) {
		return bot.EmbedPassage(ctx, r.Embed, r.Dim(), p)
	}
	return library.Model{Name: "openai:" + m.embedModel, Dim: r.Dim()}, embed, r.Embed, nil
}

// embeddingName is the name under which the library records the configured embedding model,
// found without asking the endpoint.
func (m *models) embeddingName() string {
	if m.embedModel == "" {
		return embeddings.Builtin().Name()
	}
	return "openai:" + m.embedModel
}

// generator returns the chat model's Generator, or nil when no chat model is configured.
// Errors: the configuration cannot work (see reachable and client).
func (m *models) generator() (*bot.Generator, error) {
	if m.chatModel == "" {
		return nil, nil
	}
	if err := m.reachable("chat model", m.chatModel); err != nil {
		return nil, err
	}
	c, err := m.client()
	if err != nil {
		return nil, err
	}
	model := m.chatModel
	return &bot.Generator{Model: model, Chat: func(ctx context.Context, system, user string) (string, error) {
		return c.Chat(ctx, model, system, user)
	}}, nil
}

// reachable returns an error when the endpoint configured for a model (what, e.g. "chat
// model", and its name) is one it cannot work with: OpenAI's own, taken when no base URL is
// set, without OPENAI_API_KEY (it refuses every request without a key). A base URL of any
// other endpoint, a local server such as Ollama's, needs no key.
func (m *models) reachable(what, model string) error {
	if m.baseURL == "" && m.apiKey == "" {
		return fmt.Errorf("%s %s needs OPENAI_API_KEY: with no OPENAI_BASE_URL (or --base-url) it is asked of OpenAI's endpoint, which requires a key; for a local server such as Ollama, set OPENAI_BASE_URL", what, model)
	}
	return nil
}
