package sandbox

import (
	"embed"
	"net/http"
)

//go:embed static/index.html
var static embed.FS

// page serves the one page of the sandbox: HTML, style and script in one
// embedded file, no build step and nothing fetched from elsewhere.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	b, err := static.ReadFile("static/index.html")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:")
	_, _ = w.Write(b)
}
