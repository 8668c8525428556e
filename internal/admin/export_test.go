package admin

import "github.com/newsdesk/newsdesk/internal/model"

// RouteRoles builds the admin area as New does and returns each signed-in
// route's pattern with the roles allowed to use it, for the role-by-route
// authorization test.
func RouteRoles(opts Options) (map[string][]model.Role, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	s.routes()
	out := map[string][]model.Role{}
	for _, rt := range s.table {
		roles := []model.Role{}
		for _, role := range model.Roles {
			if s.allowed(rt.Access, model.User{Role: role}) == nil {
				roles = append(roles, role)
			}
		}
		out[rt.Pattern] = roles
	}
	return out, nil
}
