//! A real server on an ephemeral port over the fixture index, spoken to with reqwest.

#![allow(dead_code)]

use plenary_core::taxonomy::Taxonomy;
use plenary_server::api::ApiSettings;
use plenary_server::{SearchService, ServeConfig};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::Value;

pub struct TestServer {
    pub addr: std::net::SocketAddr,
    pub base: String,
    pub client: Client,
    pub service: SearchService,
    _runtime: tokio::runtime::Runtime,
    pub directory: tempfile::TempDir,
}

impl TestServer {
    /// Serves the fixture index on an ephemeral port with `settings`.
    pub fn start(settings: ApiSettings) -> TestServer {
        TestServer::start_with(&super::documents(), settings)
    }

    /// Serves an index of `documents` on an ephemeral port with `settings`.
    pub fn start_with(
        documents: &[plenary_core::model::Document],
        settings: ApiSettings,
    ) -> TestServer {
        let directory = tempfile::tempdir().expect("temp dir");
        super::write_documents(directory.path(), documents);
        TestServer::serve_with(directory, settings)
    }

    /// Serves the index in `directory` on an ephemeral port.
    pub fn serve(directory: tempfile::TempDir) -> TestServer {
        TestServer::serve_with(directory, ApiSettings::default())
    }

    fn serve_with(directory: tempfile::TempDir, settings: ApiSettings) -> TestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let mut config =
            ServeConfig::new(directory.path(), "127.0.0.1:0".parse().expect("address"));
        config.settings = settings;
        let server = runtime
            .block_on(plenary_server::api::bind(config))
            .expect("bind");
        let addr = server.local_addr().expect("address");
        runtime.spawn(server.run_until(std::future::pending()));
        let service = SearchService::open(directory.path(), Taxonomy::bundled()).expect("open");
        TestServer {
            addr,
            base: format!("http://{addr}"),
            client: Client::new(),
            service,
            _runtime: runtime,
            directory,
        }
    }

    pub fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .expect("request");
        let status = response.status();
        let body = response.json().unwrap_or(Value::Null);
        (status, body)
    }

    pub fn get_text(&self, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        (status, headers, response.text().expect("body"))
    }

    pub fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .expect("request");
        let status = response.status();
        (status, response.json().unwrap_or(Value::Null))
    }
}
