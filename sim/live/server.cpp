// The live server on Boost.Asio + Boost.Beast: one thread runs the network and
// the pacing timer, so the LiveRun needs no locks. State frames are built once
// per sample and shared by every viewer; each viewer has a bounded queue and is
// dropped when it falls that far behind, so a stalled viewer blocks no one.
#include <utility>  // Boost 1.74's Asio needs it first under GCC 12 in C++20

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include "faultline/live/record.hpp"
#include "faultline/live/server.hpp"

namespace faultline::live {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;

namespace {

constexpr auto kTick = std::chrono::milliseconds(20);
constexpr auto kTickBudget = std::chrono::milliseconds(12);  // simulation work per slice; then the network is served
constexpr auto kFrameGap = std::chrono::milliseconds(50);    // at most 20 frames/s: fast runs coalesce samples
constexpr auto kHeartbeat = std::chrono::seconds(1);         // a frame at least this often (clock, lag, pause)
constexpr auto kReadTimeout = std::chrono::seconds(30);

class ViewerSession;

/// Everything the sessions share: the run, the options, the viewers.
struct Hub {
  LiveRun& run;
  const ServerOptions& options;
  std::unordered_set<ViewerSession*> viewers;
  std::uint64_t dropped_viewers = 0;

  void broadcast();
  void save_record() const {
    if (!options.record_file.empty() && !write_record(run.record(), options.record_file)) {
      std::fprintf(stderr, "faultline live: cannot write the record to %s\n", options.record_file.c_str());
    }
  }
};

class ViewerSession : public std::enable_shared_from_this<ViewerSession> {
 public:
  ViewerSession(tcp::socket&& socket, Hub& hub) : ws_(std::move(socket)), hub_(hub) {}
  ~ViewerSession() { hub_.viewers.erase(this); }

  void run(http::request<http::string_body> req) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(req, beast::bind_front_handler(&ViewerSession::on_accept, shared_from_this()));
  }

  /// Queues a frame; a viewer whose queue is full is too slow and is dropped.
  void send(const std::shared_ptr<const std::string>& frame) {
    if (closing_) return;
    if (queue_.size() >= hub_.options.viewer_queue_frames) {
      ++hub_.dropped_viewers;
      drop();
      return;
    }
    queue_.push_back(frame);
    if (queue_.size() == 1) write_next();
  }

  void drop() {
    closing_ = true;
    hub_.viewers.erase(this);
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;
    hub_.viewers.insert(this);
    send(std::make_shared<const std::string>(hub_.run.state().dump()));
    read_next();
  }

  // Viewers send nothing we need; reading notices when they leave.
  void read_next() {
    ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->hub_.viewers.erase(self.get());
        return;
      }
      self->in_.consume(self->in_.size());
      self->read_next();
    });
  }

  void write_next() {
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->hub_.viewers.erase(self.get());
        self->queue_.clear();
        return;
      }
      self->queue_.pop_front();
      if (!self->queue_.empty()) self->write_next();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  Hub& hub_;
  beast::flat_buffer in_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool closing_ = false;
};

void Hub::broadcast() {
  if (viewers.empty()) return;
  const auto frame = std::make_shared<const std::string>(run.state().dump());
  const std::vector<ViewerSession*> now(viewers.begin(), viewers.end());  // send() may drop one
  for (ViewerSession* v : now) {
    if (viewers.count(v) != 0) v->send(frame);
  }
}

using Response = http::response<http::string_body>;

Response respond(http::status status, unsigned version, bool keep_alive, std::string body,
                 const char* type = "application/json") {
  Response res{status, version};
  res.set(http::field::server, "faultline");
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string error_body(const std::string& message) { return json{{"error", message}}.dump(); }

bool same_token(const std::string& given, const std::string& expected) {
  if (given.size() != expected.size()) return false;
  unsigned char diff = 0;  // constant time: no early exit on the first difference
  for (std::size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Hub& hub) : stream_(std::move(socket)), hub_(hub) {}

  void start() { read_next(); }

 private:
  void read_next() {
    parser_.emplace();
    parser_->body_limit(hub_.options.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(kReadTimeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return reply(respond(http::status::payload_too_large, 11, false,
                           error_body("body: larger than " + std::to_string(hub_.options.max_body_bytes) + " bytes")));
    }
    if (ec == http::error::header_limit) {
      return reply(respond(http::status::request_header_fields_too_large, 11, false, error_body("headers too large")));
    }
    if (ec) {  // anything else the parser refused is a malformed request
      return reply(respond(http::status::bad_request, 11, false, error_body("malformed HTTP request: " + ec.message())));
    }
    http::request<http::string_body> req = parser_->release();
    const std::string target(req.target());
    const std::string path = target.substr(0, target.find('?'));
    if (path == "/ws" && websocket::is_upgrade(req)) {
      stream_.expires_never();
      std::make_shared<ViewerSession>(stream_.release_socket(), hub_)->run(std::move(req));
      return;
    }
    try {
      reply(handle(req, path));
    } catch (const std::exception& e) {  // never let one request take the server down
      reply(respond(http::status::internal_server_error, req.version(), false, error_body(e.what())));
    }
  }

  Response handle(const http::request<http::string_body>& req, const std::string& path) {
    const unsigned v = req.version();
    const bool ka = req.keep_alive();
    const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
    auto wrong_method = [&](const char* allow) {
      Response r = respond(http::status::method_not_allowed, v, ka, error_body(std::string("use ") + allow + " " + path));
      r.set(http::field::allow, allow);
      return r;
    };
    Response res;
    if (path == "/" || path == "/index.html") {
      if (!get) return wrong_method("GET");
      res = respond(http::status::ok, v, ka, dashboard_html(), "text/html; charset=utf-8");
    } else if (path == "/api/state") {
      if (!get) return wrong_method("GET");
      res = respond(http::status::ok, v, ka, hub_.run.state().dump());
    } else if (path == "/api/history") {
      if (!get) return wrong_method("GET");
      res = respond(http::status::ok, v, ka, hub_.run.history().dump());
    } else if (path == "/metrics") {
      if (!get) return wrong_method("GET");
      res = respond(http::status::ok, v, ka, hub_.run.metrics(), "text/plain; version=0.0.4; charset=utf-8");
    } else if (path == "/ws") {
      if (!get) return wrong_method("GET");
      res = respond(http::status::upgrade_required, v, ka, error_body("GET /ws is a WebSocket: send Upgrade: websocket"));
      res.set(http::field::upgrade, "websocket");
    } else if (path == "/api/control") {
      if (req.method() != http::verb::post) return wrong_method("POST");
      return control(req);
    } else {
      return respond(http::status::not_found, v, ka, error_body("no such path: " + path));
    }
    if (req.method() == http::verb::head) {
      const auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    return res;
  }

  Response control(const http::request<http::string_body>& req) {
    const unsigned v = req.version();
    const bool ka = req.keep_alive();
    bool instructor = false;
    const auto auth = req.find(http::field::authorization);
    if (auth != req.end()) {
      const std::string value(auth->value());
      const std::string prefix = "Bearer ";
      if (value.rfind(prefix, 0) != 0 || !same_token(value.substr(prefix.size()), hub_.options.token)) {
        Response r = respond(http::status::unauthorized, v, ka, error_body("wrong token"));
        r.set(http::field::www_authenticate, "Bearer");
        return r;
      }
      instructor = true;
    }
    const json body = json::parse(req.body(), nullptr, false);
    if (body.is_discarded()) {
      if (!instructor) {
        Response r = respond(http::status::unauthorized, v, ka, error_body("this action needs the instructor's token"));
        r.set(http::field::www_authenticate, "Bearer");
        return r;
      }
      return respond(http::status::bad_request, v, ka, json{{"error", "body: not valid JSON"}, {"field", "body"}}.dump());
    }
    const ControlOutcome out = hub_.run.control(body, instructor);
    Response r = respond(static_cast<http::status>(out.status), v, ka, out.body.dump());
    if (out.status == 401) r.set(http::field::www_authenticate, "Bearer");
    if (out.status == 200) {
      hub_.save_record();
      hub_.run.tick(WallClock::now(), Duration::zero());  // a step may have completed a sample
      hub_.broadcast();
    }
    return r;
  }

  void reply(Response res) {
    auto msg = std::make_shared<Response>(std::move(res));
    http::async_write(stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
      if (ec || !msg->keep_alive()) return self->close();
      self->read_next();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  Hub& hub_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

class Server {
 public:
  Server(LiveRun& run, const ServerOptions& options)
      : hub_{run, options, {}, 0}, acceptor_(ioc_), timer_(ioc_), signals_(ioc_) {}

  void serve() {
    const tcp::endpoint endpoint(net::ip::make_address(hub_.options.bind), hub_.options.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    if (hub_.options.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](beast::error_code ec, int) {
        if (!ec) shutdown();
      });
    }
    if (hub_.options.on_listening) hub_.options.on_listening(hub_.options.bind, acceptor_.local_endpoint().port());
    accept_next();
    hub_.run.start(WallClock::now());
    next_tick_ = WallClock::now();
    schedule_tick();
    ioc_.run();
  }

 private:
  void accept_next() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) std::make_shared<HttpSession>(std::move(socket), hub_)->start();
      accept_next();
    });
  }

  void schedule_tick() {
    next_tick_ += kTick;
    const auto now = WallClock::now();
    // Behind the pacing: go on at once (network completions queued meanwhile run
    // first); never bunch ticks up after a long one.
    if (next_tick_ < now || hub_.run.lagging()) next_tick_ = now;
    timer_.expires_at(next_tick_);
    timer_.async_wait([this](beast::error_code ec) {
      if (!ec) tick();
    });
  }

  void tick() {
    if (hub_.options.stop != nullptr && hub_.options.stop->load()) return shutdown();
    const bool was_done = hub_.run.done();
    const auto deadline = WallClock::now() + kTickBudget;
    bool fresh = false;
    // Advance in steps of one sample interval so a frame goes out per interval
    // and the network is served between steps even when the run lags.
    const Duration step = hub_.run.spec().simulation.sample_interval;
    do {
      const Time before = hub_.run.sim_time();
      fresh = hub_.run.tick(WallClock::now(), step) || fresh;
      if (hub_.run.sim_time() == before) break;
    } while (WallClock::now() < deadline);
    if (!was_done && hub_.run.done()) {
      hub_.save_record();
      if (hub_.options.on_finished) hub_.options.on_finished(*hub_.run.result());
      fresh = true;
    }
    pending_frame_ = pending_frame_ || fresh;
    const auto now = WallClock::now();
    if ((pending_frame_ && now - last_frame_ >= kFrameGap) || now - last_frame_ >= kHeartbeat) {
      pending_frame_ = false;
      last_frame_ = now;
      hub_.broadcast();
    }
    schedule_tick();
  }

  void shutdown() {
    const bool was_done = hub_.run.done();
    hub_.run.finish();
    hub_.save_record();
    if (!was_done && hub_.options.on_finished) hub_.options.on_finished(*hub_.run.result());
    beast::error_code ignored;
    acceptor_.close(ignored);
    timer_.cancel();
    signals_.cancel();
    for (ViewerSession* v : std::vector<ViewerSession*>(hub_.viewers.begin(), hub_.viewers.end())) v->drop();
    ioc_.stop();
  }

  net::io_context ioc_{1};
  Hub hub_;
  tcp::acceptor acceptor_;
  net::steady_timer timer_;
  net::signal_set signals_;
  WallClock::time_point next_tick_;
  WallClock::time_point last_frame_{};
  bool pending_frame_ = false;
};

}  // namespace

void serve(LiveRun& run, const ServerOptions& options) {
  try {
    Server server(run, options);
    server.serve();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + options.bind + ":" + std::to_string(options.port) + ": " +
                             e.code().message());
  }
}

std::string random_token() {
  std::random_device rd;
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) out += digits[rd() % 16];
  return out;
}

}  // namespace faultline::live
