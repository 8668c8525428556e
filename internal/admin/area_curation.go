package admin

import "net/http"

// curationStore is what the curation area needs of the store; filled in with the area.
type curationStore interface{}

// curationRoutes registers the curation area's pages.
func (s *server) curationRoutes(mux *http.ServeMux) { _ = mux }
