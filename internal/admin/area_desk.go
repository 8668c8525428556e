package admin

import "net/http"

// deskStore is what the desk area needs of the store; filled in with the area.
type deskStore interface{}

// deskRoutes registers the desk area's pages.
func (s *server) deskRoutes(mux *http.ServeMux) { _ = mux }
