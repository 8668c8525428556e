package store

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// PrepareUser checks u and returns it as AddUser stores it, on either
// backend.
func PrepareUser(u model.User, now time.Time) (model.User, error) {
	if strings.TrimSpace(u.Email) == "" {
		return model.User{}, errors.New("empty email address")
	}
	if _, err := model.ParseRole(string(u.Role)); err != nil {
		return model.User{}, err
	}
	if err := CheckText("email", u.Email, "name", u.Name, "password hash", u.PasswordHash); err != nil {
		return model.User{}, err
	}
	if u.Created.IsZero() {
		u.Created = now
	}
	u.Created = u.Created.UTC().Truncate(time.Microsecond)
	return u, nil
}

// CheckSettings refuses an empty key and text no backend can keep alike.
func CheckSettings(kv map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		if k == "" {
			return errors.New("empty setting name")
		}
		if err := CheckText("setting name", k, fmt.Sprintf("setting %q", k), kv[k]); err != nil {
			return err
		}
	}
	return nil
}
