package mail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSMTP is just enough of an SMTP server to receive a message from
// net/smtp: EHLO, STARTTLS (when it has a certificate), AUTH PLAIN, MAIL,
// RCPT, DATA, RSET, NOOP and QUIT.
type fakeSMTP struct {
	Addr       string
	User, Pass string
	startTLS   *tls.Config // offered after EHLO when set
	implicit   bool        // TLS from the first byte

	mu       sync.Mutex
	received []received
	authed   []string // AUTH attempts, "ok" or "bad", with "+tls" when encrypted
}

type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool
}

type fakeOptions struct {
	host     string // listen address; 127.0.0.1 when empty
	startTLS bool
	implicit bool
}

func startFakeSMTP(t *testing.T, o fakeOptions) *fakeSMTP {
	t.Helper()
	host := o.host
	if host == "" {
		host = "127.0.0.1"
	}
	f := &fakeSMTP{User: "mailer", Pass: "s3cr%t:pa ss", implicit: o.implicit}
	var ln net.Listener
	var err error
	if o.implicit {
		ln, err = tls.Listen("tcp", host+":0", serverTLS(t))
	} else {
		ln, err = net.Listen("tcp", host+":0")
	}
	if err != nil {
		t.Skipf("cannot listen on %s: %v", host, err)
	}
	if o.startTLS {
		f.startTLS = serverTLS(t)
	}
	f.Addr = ln.Addr().String()
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

func (f *fakeSMTP) Received() []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.received...)
}

func (f *fakeSMTP) Auths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.authed...)
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer func() { _ = conn.Close() }()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	isTLS := f.implicit
	tp := textproto.NewConn(conn)
	var cur received
	reply := func(lines ...string) {
		for _, l := range lines {
			_ = tp.PrintfLine("%s", l)
		}
	}
	reply("220 fake.test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			lines := []string{"250-fake.test", "250-8BITMIME"}
			if f.startTLS != nil && !isTLS {
				lines = append(lines, "250-STARTTLS")
			}
			reply(append(lines, "250 AUTH PLAIN")...)
		case "STARTTLS":
			reply("220 ready to start TLS")
			tc := tls.Server(conn, f.startTLS)
			if tc.Handshake() != nil {
				return
			}
			conn, isTLS = tc, true
			tp = textproto.NewConn(conn)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			b, _ := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			ok := strings.EqualFold(mech, "PLAIN") && len(parts) == 3 && parts[1] == f.User && parts[2] == f.Pass
			outcome := "bad"
			if ok {
				outcome = "ok"
			}
			if isTLS {
				outcome += "+tls"
			}
			f.mu.Lock()
			f.authed = append(f.authed, outcome)
			f.mu.Unlock()
			if ok {
				reply("235 2.7.0 authenticated")
			} else {
				reply("535 5.7.8 authentication credentials invalid")
			}
		case "MAIL":
			cur = received{From: arg, TLS: isTLS}
			reply("250 2.1.0 ok")
		case "RCPT":
			cur.To = append(cur.To, arg)
			reply("250 2.1.5 ok")
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = data
			f.mu.Lock()
			f.received = append(f.received, cur)
			f.mu.Unlock()
			reply("250 2.0.0 queued")
		case "RSET", "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 5.5.2 not implemented")
		}
	}
}

var (
	certOnce sync.Once
	certTLS  tls.Certificate
	certPool *x509.CertPool
)

// serverTLS returns a self-signed certificate for localhost, 127.0.0.1 and
// 127.0.0.2; clientRoots trusts it.
func serverTLS(t *testing.T) *tls.Config {
	t.Helper()
	certOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1),
			Subject:      pkix.Name{CommonName: "fake smtp"},
			NotBefore:    time.Now().Add(-time.Hour),
			NotAfter:     time.Now().Add(time.Hour),
			DNSNames:     []string{"localhost"},
			IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("127.0.0.2")},
			KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			IsCA:         true, BasicConstraintsValid: true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		leaf, _ := x509.ParseCertificate(der)
		certTLS = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
		certPool = x509.NewCertPool()
		certPool.AddCert(leaf)
	})
	return &tls.Config{Certificates: []tls.Certificate{certTLS}, MinVersion: tls.VersionTLS12}
}

func clientRoots(t *testing.T) *x509.CertPool {
	serverTLS(t)
	return certPool
}
