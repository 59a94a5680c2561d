#pragma once
// Tests of the live server drive the real binary on loopback: spawn
// `faultline live --port 0`, read the printed port, talk raw HTTP and
// WebSocket over POSIX sockets (so malformed requests can be sent too).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace live_test {

namespace fs = std::filesystem;
using nlohmann::json;

inline fs::path scratch_dir() {
  static int n = 0;
  fs::path dir = fs::temp_directory_path() / ("faultline-live-" + std::to_string(getpid()) + "-" + std::to_string(n++));
  fs::create_directories(dir);
  return dir;
}

inline fs::path write_file(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  return dir / name;
}

/// A small system: web -> api -> db, fast enough to run at high speed.
inline std::string small_scenario(const std::string& duration = "60s", const std::string& extra = "") {
  return "name: small\n"
         "simulation: {duration: " + duration + ", seed: 3, sample_interval: 1s}\n"
         "services:\n"
         "  api:\n"
         "    workers: 16\n"
         "    service_time: {dist: exponential, mean: 1ms}\n"
         "    calls: [{service: db, timeout: 100ms, retry: twice}]\n"
         "  db:\n"
         "    workers: 8\n"
         "    queue: {capacity: 100}\n"
         "    service_time: {dist: exponential, mean: 4ms}\n"
         "clients:\n"
         "  web: {target: api, rate: 400/s, timeout: 1s}\n"
         "retry_policies:\n"
         "  twice: {max_attempts: 2, retry_on: [timeout, rejected, error]}\n"
         "faults:\n"
         // a fault for `watch`'s "next fault" key, late enough to stay out of the tests' way
         "  - {kind: latency, target: db, at: " + std::to_string(std::stoi(duration) - 1) + "s, duration: 1s, add: 10ms}\n" +
         extra;
}

/// A running `faultline live`; stopped with SIGTERM when it goes out of scope.
class Server {
 public:
  Server(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      std::vector<char*> argv;
      static std::string bin = FAULTLINE_CLI_PATH;
      argv.push_back(bin.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = fdopen(out[0], "r");
    char line[512];
    // The first two lines: viewer and instructor URLs.
    while (fgets(line, sizeof line, out_) != nullptr) {
      output_ += line;
      if (std::string(line).rfind("instructor:", 0) == 0) break;
    }
    const auto at = output_.find("http://127.0.0.1:");
    if (at != std::string::npos) port_ = std::stoi(output_.substr(at + 17));
  }
  ~Server() { stop(); }

  int port() const { return port_; }
  const std::string& output() const { return output_; }

  /// A signal (SIGTERM by default), then the exit code; the rest of stdout is kept in output().
  int stop(int sig = SIGTERM) {
    if (pid_ <= 0) return code_;
    kill(pid_, sig);
    char line[512];
    while (fgets(line, sizeof line, out_) != nullptr) output_ += line;
    fclose(out_);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return code_;
  }
  /// Reads stdout until a line containing `text` (or EOF).
  bool wait_for_line(const std::string& text) {
    char line[512];
    while (fgets(line, sizeof line, out_) != nullptr) {
      output_ += line;
      if (std::string(line).find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
  int code_ = -1;
  std::string output_;
};

inline int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

inline void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

struct Response {
  int status = 0;
  std::string headers, body;
  json json_body() const { return json::parse(body, nullptr, false); }
};

/// Sends raw bytes, reads one response (Connection: close is asked for).
inline Response raw_request(int port, const std::string& request) {
  Response r;
  const int fd = connect_to(port);
  if (fd < 0) return r;
  send_all(fd, request);
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  const auto end = data.find("\r\n\r\n");
  if (data.size() < 12 || end == std::string::npos) return r;
  r.status = std::stoi(data.substr(9, 3));
  r.headers = data.substr(0, end);
  r.body = data.substr(end + 4);
  return r;
}

inline Response http(int port, const std::string& method, const std::string& path, const std::string& body = "",
                     const std::string& token = "") {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method == "POST") {
    req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return raw_request(port, req + "\r\n" + body);
}

inline json state(int port) { return http(port, "GET", "/api/state").json_body(); }

inline Response control(int port, const json& body, const std::string& token = "") {
  return http(port, "POST", "/api/control", body.dump(), token);
}

/// Polls /api/state until pred holds or the time is up.
template <class Pred>
inline json wait_state(int port, Pred pred, double seconds = 10) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  json s;
  while (std::chrono::steady_clock::now() < end) {
    s = state(port);
    if (pred(s)) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return s;
}

/// A WebSocket viewer: handshake, then counts the text frames it reads.
class Viewer {
 public:
  explicit Viewer(int port) {
    fd_ = connect_to(port);
    if (fd_ < 0) return;
    send_all(fd_, "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    char buf[4096];
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
    ok_ = buffer_.rfind("HTTP/1.1 101", 0) == 0;
    buffer_.erase(0, buffer_.find("\r\n\r\n") + 4);
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
    frames();
  }
  ~Viewer() {
    if (fd_ >= 0) close(fd_);
  }
  Viewer(const Viewer&) = delete;
  Viewer& operator=(const Viewer&) = delete;

  bool ok() const { return ok_; }
  int fd() const { return fd_; }
  int count() const { return count_; }
  const std::string& last_frame() const { return last_; }

  /// Reads what has arrived; returns false once the server closed the connection.
  bool frames() {
    char buf[65536];
    for (;;) {
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return false;
      if (n < 0) break;
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
    for (;;) {  // server frames are unmasked: 2-byte header, 16- or 64-bit extended lengths
      if (buffer_.size() < 2) break;
      const auto b1 = static_cast<unsigned char>(buffer_[1]) & 0x7f;
      std::size_t header = 2, length = b1;
      if (b1 == 126) {
        if (buffer_.size() < 4) break;
        header = 4;
        length = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
      } else if (b1 == 127) {
        if (buffer_.size() < 10) break;
        header = 10;
        length = 0;
        for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<unsigned char>(buffer_[static_cast<std::size_t>(i)]);
      }
      if (buffer_.size() < header + length) break;
      if ((buffer_[0] & 0x0f) == 1) {
        ++count_;
        last_ = buffer_.substr(header, length);
      }
      buffer_.erase(0, header + length);
    }
    return true;
  }

 private:
  int fd_ = -1;
  bool ok_ = false;
  int count_ = 0;
  std::string buffer_, last_;
};

}  // namespace live_test
