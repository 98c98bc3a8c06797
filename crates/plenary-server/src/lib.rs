//! plenary-server
