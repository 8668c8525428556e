package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// userRow is an account as the users pages show it.
type userRow struct {
	model.User
	URL                   string
	CreatedLabel, Created string
	SeenLabel, SeenISO    string // "" when never seen
	Self                  bool   // the signed-in admin
}

func (s *server) userRow(u model.User, self int64) userRow {
	row := userRow{User: u, URL: "/admin/users/" + strconv.FormatInt(u.ID, 10), Self: u.ID == self}
	row.CreatedLabel, row.Created = s.formatTime(u.Created)
	if !u.LastSeen.IsZero() {
		row.SeenLabel, row.SeenISO = s.formatTime(u.LastSeen)
	}
	return row
}

// usersPage is the data of the list of accounts.
type usersPage struct {
	Users  []userRow
	Notice string
}

func (s *server) handleUsers(w http.ResponseWriter, r *http.Request, rq *request) error {
	list, err := s.st.ListUsers(r.Context())
	if err != nil {
		return fmt.Errorf("admin: users: %w", err)
	}
	page := usersPage{}
	if r.URL.Query().Get("done") == "deleted" {
		page.Notice = "The account is deleted. Its comments and audit entries stay."
	}
	for _, u := range list {
		page.Users = append(page.Users, s.userRow(u, rq.user.ID))
	}
	return s.render(w, r, http.StatusOK, "users", view{Frame: rq.frame("Users", "users"), Page: page})
}

// userFormPage is the data of the form adding an account.
type userFormPage struct {
	Email, Name, Role string
	Generate          bool
	Roles             []model.Role
	Errors            map[string]string
	Problem           string
}

func (s *server) handleUserNewForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.renderUserForm(w, r, rq, http.StatusOK, userFormPage{Role: string(model.RoleAuthor), Generate: true})
}

func (s *server) renderUserForm(w http.ResponseWriter, r *http.Request, rq *request, status int, page userFormPage) error {
	page.Roles = model.Roles
	if page.Errors == nil {
		page.Errors = map[string]string{}
	}
	return s.render(w, r, status, "users_new", view{Frame: rq.frame("Add a user", "users"), Page: page})
}

// handleUserCreate adds an account with the password typed, or a
// generated one shown once on the answer.
func (s *server) handleUserCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	page := userFormPage{Email: strings.TrimSpace(f.Get("email")), Name: strings.TrimSpace(f.Get("name")),
		Role: f.Get("role"), Generate: f.Get("generate") == "yes", Errors: map[string]string{}}
	if err := auth.CheckEmail(page.Email); err != nil {
		page.Errors["email"] = "Give a plain email address, like name@example.com."
	}
	role, err := model.ParseRole(page.Role)
	if err != nil {
		page.Errors["role"] = "Choose one of the four roles."
	}
	pw := f.Get("password")
	if page.Generate {
		if pw, err = auth.GeneratePassword(); err != nil {
			return err
		}
	} else if err := auth.CheckPasswordPolicy(pw); err != nil {
		page.Errors["password"] = policyMessage(err) + " Or tick “generate one”."
	}
	if len(page.Errors) == 0 {
		u, err := s.auth.CreateUser(r.Context(), page.Email, page.Name, role, pw)
		switch {
		case errors.Is(err, auth.ErrEmailTaken):
			page.Errors["email"] = "This address has an account already."
		case errors.Is(err, auth.ErrInvalidName):
			page.Errors["name"] = sentenceCase(strings.TrimPrefix(err.Error(), "auth: "))
		case errors.Is(err, auth.ErrInvalidEmail):
			page.Errors["email"] = "Give a plain email address, like name@example.com."
		case err != nil:
			return fmt.Errorf("admin: add user: %w", err)
		default:
			s.audit(r, rq, "user.create", "user", u.ID, fmt.Sprintf("added %s (%s)", u.Email, u.Role))
			if !page.Generate {
				redirect(w, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?done=created")
				return nil
			}
			return s.renderUser(w, r, rq, http.StatusOK, u, userPage{Generated: pw,
				Notice: "The account is added with the password below."})
		}
	}
	page.Problem = "The account is not added: correct what is marked below."
	return s.renderUserForm(w, r, rq, http.StatusUnprocessableEntity, page)
}

// userPage is the data of one account's page.
type userPage struct {
	User      userRow
	Roles     []model.Role
	Generated string // a new password, shown once
	Notice    string
	Problem   string
}

var userNotices = map[string]string{
	"created":  "The account is added.",
	"role":     "The role is changed.",
	"disabled": "The account is disabled and signed out everywhere.",
	"enabled":  "The account is enabled: it can sign in again.",
}

func (s *server) loadUser(r *http.Request) (model.User, error) {
	return loadByPath(r, s.st.GetUser, "user", "There is no user #%d.")
}

func (s *server) handleUser(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.loadUser(r)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, rq, http.StatusOK, u, userPage{Notice: userNotices[r.URL.Query().Get("done")]})
}

func (s *server) renderUser(w http.ResponseWriter, r *http.Request, rq *request, status int, u model.User, page userPage) error {
	page.User, page.Roles = s.userRow(u, rq.user.ID), model.Roles
	title := u.Email
	if u.Name != "" {
		title = u.Name
	}
	return s.render(w, r, status, "users_edit", view{Frame: rq.frame(title, "users"), Page: page})
}

// handleUserAction changes one account: role, disable, enable, reset
// (a generated password shown once) or delete (confirmed). An admin
// cannot demote, disable or delete their own account, and the store
// refuses to leave the site without an enabled admin.
func (s *server) handleUserAction(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.loadUser(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	refuse := func(msg string) error {
		return s.renderUser(w, r, rq, http.StatusConflict, u, userPage{Problem: msg})
	}
	self := u.ID == rq.user.ID
	back := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	action := r.PathValue("action")
	switch action {
	case "role":
		role, err := model.ParseRole(r.PostForm.Get("role"))
		if err != nil {
			return s.renderUser(w, r, rq, http.StatusUnprocessableEntity, u, userPage{Problem: "Choose one of the four roles."})
		}
		if role == u.Role {
			redirect(w, back+"?done=role")
			return nil
		}
		if self {
			return refuse("You cannot change your own role: another admin must do it, so the site always keeps an admin who chose to step down.")
		}
		err = s.st.SetUserRole(ctx, u.ID, role)
		if errors.Is(err, store.ErrLastAdmin) {
			return refuse("This is the last enabled admin account: make another account admin first.")
		}
		if err != nil {
			return fmt.Errorf("admin: set role: %w", err)
		}
		s.audit(r, rq, "user.role", "user", u.ID, fmt.Sprintf("role of %s: %s → %s", u.Email, u.Role, role))
		redirect(w, back+"?done=role")
	case "disable", "enable":
		disable := action == "disable"
		if self && disable {
			return refuse("You cannot disable your own account.")
		}
		err := s.st.SetUserDisabled(ctx, u.ID, disable)
		if errors.Is(err, store.ErrLastAdmin) {
			return refuse("This is the last enabled admin account: make another account admin before disabling it.")
		}
		if err != nil {
			return fmt.Errorf("admin: %s user: %w", action, err)
		}
		s.audit(r, rq, "user."+action, "user", u.ID, fmt.Sprintf("%s %sd", u.Email, action))
		redirect(w, back+"?done="+action+"d")
	case "reset":
		pw, err := auth.GeneratePassword()
		if err != nil {
			return err
		}
		if err := s.auth.SetPassword(ctx, u.ID, pw); err != nil {
			return fmt.Errorf("admin: reset password: %w", err)
		}
		s.audit(r, rq, "user.reset", "user", u.ID, fmt.Sprintf("password of %s reset; sessions ended", u.Email))
		if self {
			// Their own sessions ended with the reset, this one too.
			http.SetCookie(w, auth.ClearSessionCookie(s.secure))
		}
		return s.renderUser(w, r, rq, http.StatusOK, u, userPage{Generated: pw,
			Notice: "The password is reset and every session of the account has ended."})
	case "delete":
		if self {
			return refuse("You cannot delete your own account.")
		}
		if r.PostForm.Get("confirm") != "yes" {
			return s.renderUser(w, r, rq, http.StatusUnprocessableEntity, u, userPage{
				Problem: "Tick the box to confirm the deletion: it cannot be undone."})
		}
		err := s.st.DeleteUser(ctx, u.ID)
		switch {
		case errors.Is(err, store.ErrLastAdmin):
			return refuse("This is the last enabled admin account: it cannot be deleted.")
		case errors.Is(err, store.ErrInUse):
			return refuse("This account's work (articles, say) still needs it, so it cannot be deleted. Disable it instead: it keeps its work and cannot sign in.")
		case err != nil:
			return fmt.Errorf("admin: delete user: %w", err)
		}
		s.audit(r, rq, "user.delete", "user", u.ID, fmt.Sprintf("deleted %s (%s)", u.Email, u.Role))
		redirect(w, "/admin/users?done=deleted")
	default:
		return errNotFound
	}
	return nil
}
