package admin

import "net/http"

// sourceStore is what the source area needs of the store; filled in with the area.
type sourceStore interface{}

// sourceRoutes registers the source area's pages.
func (s *server) sourceRoutes(mux *http.ServeMux) { _ = mux }
