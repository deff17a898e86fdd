package fakediscord

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// RewriteTransport returns a RoundTripper that sends every request to origin
// (scheme and host, e.g. [Server.URL]) instead of the scheme and host its
// URL names, keeping path and query, through base (http.DefaultTransport
// when nil). Given to discordgo as its Session.Client's Transport, it turns
// calls to Discord's API into calls to the fake. An origin that does not
// parse makes every round trip fail.
func RewriteTransport(base http.RoundTripper, origin string) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	u, err := url.Parse(origin)
	if err == nil && (u.Scheme == "" || u.Host == "") {
		err = errors.New("no scheme or host")
	}
	if err != nil {
		return &rewriteTransport{err: fmt.Errorf("fakediscord: rewrite origin %q: %w", origin, err)}
	}
	return &rewriteTransport{base: base, scheme: u.Scheme, host: u.Host}
}

type rewriteTransport struct {
	base         http.RoundTripper
	scheme, host string
	err          error
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.err != nil {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, t.err
	}
	// A RoundTripper must not modify the request it is given.
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = t.scheme, t.host
	r.Host = ""
	return t.base.RoundTrip(r)
}
