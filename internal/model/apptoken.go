package model

import (
	"fmt"
	"time"
)

// TokenScope says what an app token may be used for. A token works for
// its one scope only, so a feed reader's password cannot write articles.
type TokenScope string

const (
	// ScopeAPI tokens call the JSON API, reading and writing within
	// their account's role.
	ScopeAPI TokenScope = "api"
	// ScopeReader tokens sign feed-reader apps in through the Google
	// Reader and Fever APIs.
	ScopeReader TokenScope = "reader"
)

// TokenScopes lists every scope.
var TokenScopes = []TokenScope{ScopeAPI, ScopeReader}

// ParseTokenScope reads a scope by name.
func ParseTokenScope(s string) (TokenScope, error) {
	for _, sc := range TokenScopes {
		if string(sc) == s {
			return sc, nil
		}
	}
	return "", fmt.Errorf("unknown token scope %q (want api or reader)", s)
}

// AppToken is a secret an account hands to a program (a script, a feed
// reader app) so it can act as the account without its password. The
// store keeps only hashes: the secret is shown once, when it is made.
type AppToken struct {
	ID     int64      `json:"id"`
	UserID int64      `json:"user_id"`
	Name   string     `json:"name"`
	Scope  TokenScope `json:"scope"`
	// SecretHash is the lowercase hex SHA-256 of the secret.
	SecretHash string `json:"-"`
	// FeverKeyHash, for reader tokens only, is the lowercase hex SHA-256
	// of the Fever api_key (md5 of "email:secret"), which the Fever
	// protocol sends instead of the secret.
	FeverKeyHash string    `json:"-"`
	Created      time.Time `json:"created_at"`
	// LastUsed is when the token last authenticated a request (zero:
	// never), recorded at most about once a minute.
	LastUsed time.Time `json:"last_used_at"`
}
