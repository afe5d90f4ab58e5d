package auth

import (
	"encoding/base64"

	"golang.org/x/crypto/argon2"
)

func argon2Key(password, salt string, t uint32) string {
	return base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(password), []byte(salt), t, argonMemory, argonThreads, argonKeyLen))
}
