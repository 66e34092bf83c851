import Testing
import InMemoryTracing
