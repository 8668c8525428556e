package admin

import "net/http"

// accountStore is what the account area needs of the store; filled in with the area.
type accountStore interface{}

// accountRoutes registers the account area's pages.
func (s *server) accountRoutes(mux *http.ServeMux) { _ = mux }
