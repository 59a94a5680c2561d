#include "faultline/model/world.hpp"

#include "faultline/model/call_layer.hpp"
#include "faultline/model/client.hpp"
#include "faultline/model/replica.hpp"

namespace faultline {

World::World(Engine& e, Recorder& r) : engine(e), recorder(r) {}
World::~World() = default;

}  // namespace faultline
